using System.Diagnostics;
using KpiMesh.Domain.Submissions;
using Npgsql;
using NpgsqlTypes;

namespace KpiMesh.LoadGen;

/// <summary>
/// KpiMesh's alternatives in PostgreSQL alone, fed the same county uploads by the same number of concurrent writers,
/// each batch one transaction with synchronous commit (the durability of KpiMesh's log):
/// <list type="bullet">
/// <item><c>closure</c>: the obvious design. A table of latest values (upserted, latest period wins) and a closure
/// table of the hierarchy; the province's summary is a GROUP BY over the join, so a read grows with the values under it.</item>
/// <item><c>rollup</c>: the strongest design for O(1) reads. The same table of values, and a rollup table (numerator,
/// denominator and reported units per unit and series) kept in the same transaction by statement-level triggers that
/// add each statement's deltas to every ancestor, in one fixed order (root first) so concurrent writers cannot
/// deadlock. A read is one primary-key lookup and is fresh the moment the writer's commit returns; the price is that
/// every transaction updates the root's and the province's rows, whose row locks serialise the writers.</item>
/// </list>
/// Both are first filled by one pass of every county's upload (every village, town and county reporting), then
/// measured for <see cref="LoadOptions.Duration"/> with readers of the province running alongside, then read idle.
/// </summary>
public sealed class PeerBenchmark(LoadOptions options, TextWriter console)
{
    private const string WriterName = "kpimesh-peer-writer";
    private const int IdleReads = 50;

    public async Task<LoadReport> RunAsync(string name, CancellationToken cancellationToken = default)
    {
        var connectionString = options.Postgres ?? throw new ArgumentException("--Postgres is required in peer mode");
        var rollup = options.Peer == "rollup";
        var sample = UnitSample.Load(options.Hierarchy);
        var top = options.Top ?? sample.Top;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Writers carry an application name so the lock sampler can tell them apart in pg_stat_activity.
        await using var writers = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { MaxPoolSize = options.Concurrency + 1, ApplicationName = WriterName }.ConnectionString);
        await using var readers = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { MaxPoolSize = options.Readers + 2 }.ConnectionString);
        await CreateSchemaAsync(readers, rollup);
        var loading = Stopwatch.StartNew();
        await LoadHierarchyAsync(readers, sample);
        console.WriteLine($"peer ({options.Peer}): hierarchy and closure table loaded in {loading.Elapsed.TotalSeconds:F1} s");

        var generator = new SubmissionGenerator(sample, options.Seed);
        var filling = Stopwatch.StartNew();
        var filled = await WriteAsync(writers, generator, new Percentiles(), () => Interlocked.Read(ref _values) >= generator.PassSize, cancellationToken);
        var fillSeconds = filling.Elapsed.TotalSeconds;
        console.WriteLine($"peer ({options.Peer}): every village, town and county reported ({filled:N0} values) at {filled / fillSeconds:N0} values/s");

        _values = 0;
        _requests = 0;
        var latency = new Percentiles();
        var readLatency = new Percentiles();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);
        var postgresBefore = PostgresCpu.Seconds(options.PostgresPid);
        var watch = Stopwatch.StartNew();
        var sampler = SampleLocksAsync(readers, stop.Token);
        var reads = options.Readers > 0
            ? PacedReaders.RunAsync(options.Readers, options.ReadRate, _ => ReadProvince(readers, rollup, top), readLatency, stop.Token)
            : Task.CompletedTask;
        var values = await WriteAsync(writers, generator, latency, () => stop.IsCancellationRequested, stop.Token);
        var seconds = watch.Elapsed.TotalSeconds;
        var postgresCpu = PostgresCpu.Seconds(options.PostgresPid) - postgresBefore;
        await reads;
        var (lockWaiting, writerSamples) = await sampler;
        console.WriteLine($"peer ({options.Peer}): {values / seconds:N0} values/s, province read under load p50 {readLatency.At(0.5):F2} ms p99 {readLatency.At(0.99):F2} ms");

        var idle = new Percentiles();
        for (var i = 0; i < IdleReads; i++)
        {
            var started = Stopwatch.GetTimestamp();
            ReadProvince(readers, rollup, top);
            idle.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        console.WriteLine($"peer ({options.Peer}): province read idle p50 {idle.At(0.5):F2} ms, p99 {idle.At(0.99):F2} ms");
        await using var count = readers.CreateCommand("SELECT count(*) FROM peer_value");
        var extra = new Dictionary<string, double>
        {
            ["idleReadP50Ms"] = Round(idle.At(0.5)) ?? 0,
            ["idleReadP99Ms"] = Round(idle.At(0.99)) ?? 0,
            ["rows"] = (long)(await count.ExecuteScalarAsync(CancellationToken.None))!,
            ["fillValuesPerSecond"] = Math.Round(filled / fillSeconds),
            // Share of the writers' time spent waiting for a lock held by another writer (sampled pg_stat_activity).
            ["lockWaitShare"] = writerSamples == 0 ? 0 : Math.Round(lockWaiting / (double)writerSamples, 3),
            ["deadlocksRetried"] = _deadlocks,
            ["hierarchyLoadSeconds"] = Math.Round(loading.Elapsed.TotalSeconds, 1),
        };
        if (postgresCpu is { } cpu) extra["postgresCpuCores"] = Math.Round(cpu / seconds, 2);
        return new LoadReport
        {
            Name = name, Mode = "peer", Seconds = Math.Round(seconds, 1), Requests = _requests, ValuesAccepted = values,
            ValuesPerSecond = Math.Round(values / seconds), RequestsPerSecond = Math.Round(_requests / seconds),
            RequestP50Ms = Round(latency.At(0.5)), RequestP99Ms = Round(latency.At(0.99)),
            Reads = readLatency.Count, ReadP50Ms = Round(readLatency.At(0.5)), ReadP99Ms = Round(readLatency.At(0.99)),
            Extra = extra,
        };
    }

    private long _values;
    private long _requests;
    private long _deadlocks;

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    /// <summary>Concurrency writers, each taking the next batch and writing it in one transaction, until <paramref name="done"/>.</summary>
    private async Task<long> WriteAsync(NpgsqlDataSource data, SubmissionGenerator generator, Percentiles latency, Func<bool> done, CancellationToken stop)
    {
        var before = Interlocked.Read(ref _values);
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            while (!done())
            {
                var batch = generator.NextBatch(options.Batch)
                    // One row per key per statement, in key order so concurrent upserts lock value rows in the same order.
                    .GroupBy(i => (i.Unit, i.Indicator, i.Option)).Select(g => g.Last())
                    .OrderBy(i => i.Unit, StringComparer.Ordinal).ThenBy(i => i.Indicator, StringComparer.Ordinal)
                    .ThenBy(i => i.Option ?? "", StringComparer.Ordinal).ToList();
                var started = Stopwatch.GetTimestamp();
                try
                {
                    // Each statement locks rollup rows in one order, so a deadlock is not expected; if PostgreSQL
                    // still reports one, the batch is retried, as an application would.
                    while (!await UpsertAsync(data, batch, stop)) Interlocked.Increment(ref _deadlocks);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
                latency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Add(ref _values, batch.Count);
                Interlocked.Increment(ref _requests);
            }
        }));
        return Interlocked.Read(ref _values) - before;
    }

    /// <summary>The province's summary, every series, blocking (see <see cref="PacedReaders"/>): the rollup table's rows, or the GROUP BY over the closure join.</summary>
    private static bool ReadProvince(NpgsqlDataSource data, bool rollup, string top)
    {
        using var command = data.CreateCommand(rollup
            ? "SELECT indicator, option, numerator, denominator, reported FROM peer_rollup WHERE unit = $1"
            : """
              SELECT v.indicator, v.option, sum(v.numerator), sum(v.denominator), count(*)
              FROM peer_closure c JOIN peer_value v ON v.unit = c.descendant
              WHERE c.ancestor = $1 GROUP BY v.indicator, v.option
              """);
        command.Parameters.AddWithValue(top);
        // Not cancelled midway (a data source's commands cannot be): one read is short, and the readers stop after it.
        using var reader = command.ExecuteReader();
        while (reader.Read()) { }
        return true;
    }

    /// <summary>Every 10 ms until stopped: how many writers are waiting for a lock, out of how many writer connections.</summary>
    private async Task<(long Waiting, long Samples)> SampleLocksAsync(NpgsqlDataSource data, CancellationToken stop)
    {
        long waiting = 0, samples = 0;
        await using var command = data.CreateCommand("""
            SELECT count(*) FILTER (WHERE wait_event_type = 'Lock') FROM pg_stat_activity WHERE application_name = $1
            """);
        command.Parameters.AddWithValue(WriterName);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                waiting += (long)(await command.ExecuteScalarAsync(stop))!;
                samples += options.Concurrency;
                await Task.Delay(10, stop);
            }
            catch (OperationCanceledException) { break; }
        }
        return (waiting, samples);
    }

    private static async Task CreateSchemaAsync(NpgsqlDataSource data, bool rollup)
    {
        await using var command = data.CreateCommand("""
            DROP TABLE IF EXISTS peer_rollup, peer_value, peer_closure, peer_unit;
            CREATE TABLE peer_unit (code text PRIMARY KEY, parent text, level text NOT NULL);
            CREATE TABLE peer_closure (ancestor text NOT NULL, descendant text NOT NULL, PRIMARY KEY (ancestor, descendant));
            CREATE INDEX ON peer_closure (descendant);
            CREATE TABLE peer_value (unit text NOT NULL, indicator text NOT NULL, option text NOT NULL DEFAULT '',
                numerator bigint NOT NULL, denominator bigint NOT NULL, period_end date NOT NULL, PRIMARY KEY (unit, indicator, option));
            """ + (rollup ? """
            CREATE TABLE peer_rollup (unit text NOT NULL, indicator text NOT NULL, option text NOT NULL,
                numerator bigint NOT NULL, denominator bigint NOT NULL, reported bigint NOT NULL, PRIMARY KEY (unit, indicator, option));
            -- Every ancestor (the unit itself included) gets the statement's deltas, summed per series, in one
            -- order for all writers: shallow codes first (the nation, then the province), so no two can deadlock.
            CREATE OR REPLACE FUNCTION peer_rollup_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO peer_rollup AS r (unit, indicator, option, numerator, denominator, reported)
              SELECT c.ancestor, n.indicator, n.option, sum(n.numerator), sum(n.denominator), count(*)
              FROM inserted n JOIN peer_closure c ON c.descendant = n.unit
              GROUP BY c.ancestor, n.indicator, n.option
              ORDER BY length(c.ancestor), c.ancestor, n.indicator, n.option
              ON CONFLICT (unit, indicator, option) DO UPDATE SET numerator = r.numerator + excluded.numerator,
                denominator = r.denominator + excluded.denominator, reported = r.reported + excluded.reported;
              RETURN NULL;
            END $$;
            CREATE OR REPLACE FUNCTION peer_rollup_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO peer_rollup AS r (unit, indicator, option, numerator, denominator, reported)
              SELECT c.ancestor, n.indicator, n.option, sum(n.numerator - o.numerator), sum(n.denominator - o.denominator), 0
              FROM updated_new n JOIN updated_old o USING (unit, indicator, option) JOIN peer_closure c ON c.descendant = n.unit
              GROUP BY c.ancestor, n.indicator, n.option
              ORDER BY length(c.ancestor), c.ancestor, n.indicator, n.option
              ON CONFLICT (unit, indicator, option) DO UPDATE SET numerator = r.numerator + excluded.numerator,
                denominator = r.denominator + excluded.denominator;
              RETURN NULL;
            END $$;
            CREATE TRIGGER peer_value_inserted AFTER INSERT ON peer_value REFERENCING NEW TABLE AS inserted
              FOR EACH STATEMENT EXECUTE FUNCTION peer_rollup_inserted();
            CREATE TRIGGER peer_value_updated AFTER UPDATE ON peer_value REFERENCING OLD TABLE AS updated_old NEW TABLE AS updated_new
              FOR EACH STATEMENT EXECUTE FUNCTION peer_rollup_updated();
            """ : ""));
        await command.ExecuteNonQueryAsync();
    }

    private static async Task LoadHierarchyAsync(NpgsqlDataSource data, UnitSample sample)
    {
        await using var connection = await data.OpenConnectionAsync();
        await using (var units = await connection.BeginBinaryImportAsync("COPY peer_unit (code, parent, level) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var unit in sample.Directory.Units)
            {
                await units.StartRowAsync();
                await units.WriteAsync(unit.Code);
                if (unit.ParentCode is null) await units.WriteNullAsync(); else await units.WriteAsync(unit.ParentCode);
                await units.WriteAsync(unit.Level.ToString());
            }
            await units.CompleteAsync();
        }
        await using (var closure = await connection.BeginBinaryImportAsync("COPY peer_closure (ancestor, descendant) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var unit in sample.Directory.Units)
                foreach (var ancestor in sample.Directory.Ancestors(unit.Code).Select(a => a.Code).Prepend(unit.Code))
                {
                    await closure.StartRowAsync();
                    await closure.WriteAsync(ancestor);
                    await closure.WriteAsync(unit.Code);
                }
            await closure.CompleteAsync();
        }
        await using var analyze = new NpgsqlCommand("ANALYZE peer_unit; ANALYZE peer_closure;", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>One batch in one transaction (the statement and its triggers); false when PostgreSQL broke a deadlock by aborting it.</summary>
    private static async Task<bool> UpsertAsync(NpgsqlDataSource data, IReadOnlyList<SubmissionGenerator.Item> batch, CancellationToken stop)
    {
        await using var command = data.CreateCommand("""
            INSERT INTO peer_value (unit, indicator, option, numerator, denominator, period_end)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::date[])
            ON CONFLICT (unit, indicator, option) DO UPDATE
              SET numerator = excluded.numerator, denominator = excluded.denominator, period_end = excluded.period_end
              WHERE excluded.period_end >= peer_value.period_end
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(i => i.Unit).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(i => i.Indicator).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(i => i.Option ?? "").ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(i => i.Numerator).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(i => i.Denominator ?? 1).ToArray() });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date,
            Value = batch.Select(i => ReportingPeriod.TryParse(i.Period, out var p) ? p.End : DateOnly.MinValue).ToArray(),
        });
        try { await command.ExecuteNonQueryAsync(stop); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected) { return false; }
        return true;
    }
}
