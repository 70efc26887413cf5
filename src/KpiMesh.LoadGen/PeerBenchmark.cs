using System.Diagnostics;
using KpiMesh.Domain.Submissions;
using Npgsql;
using NpgsqlTypes;

namespace KpiMesh.LoadGen;

/// <summary>
/// The obvious alternative to KpiMesh, built the way a team without it would: a table of latest values (upserted,
/// latest period wins), a closure table of the hierarchy, and the province rollup as one GROUP BY over the join.
/// Fed the same generated submissions, with the same durability (synchronous commit).
/// </summary>
public sealed class PeerBenchmark(LoadOptions options, TextWriter console)
{
    public async Task<LoadReport> RunAsync(string name)
    {
        var connectionString = options.Postgres ?? throw new ArgumentException("--Postgres is required in peer mode");
        var sample = UnitSample.Load(options.Hierarchy);
        var top = options.Top ?? sample.Top;
        await using var data = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = options.Concurrency + 2 }.ConnectionString);
        await CreateSchemaAsync(data);
        var loading = Stopwatch.StartNew();
        await LoadHierarchyAsync(data, sample);
        console.WriteLine($"peer: hierarchy and closure table loaded in {loading.Elapsed.TotalSeconds:F1} s");

        var generator = new SubmissionGenerator(sample, options.Seed);
        var latency = new Percentiles();
        long values = 0, requests = 0;
        using var stop = new CancellationTokenSource(options.Duration);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var batch = generator.NextBatch(options.Batch)
                    // One row per key per statement, in key order so concurrent upserts lock rows in the same order.
                    .GroupBy(i => (i.Unit, i.Indicator, i.Option)).Select(g => g.Last())
                    .OrderBy(i => i.Unit, StringComparer.Ordinal).ThenBy(i => i.Indicator, StringComparer.Ordinal)
                    .ThenBy(i => i.Option ?? "", StringComparer.Ordinal).ToList();
                var started = Stopwatch.GetTimestamp();
                await UpsertAsync(data, batch);
                latency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Add(ref values, batch.Count);
                Interlocked.Increment(ref requests);
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        console.WriteLine($"peer: {values / seconds:N0} values/s upserted");

        var rollup = new Percentiles();
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var command = data.CreateCommand("""
                SELECT v.indicator, v.option, sum(v.numerator), sum(v.denominator), count(*)
                FROM peer_closure c JOIN peer_value v ON v.unit = c.descendant
                WHERE c.ancestor = $1 GROUP BY v.indicator, v.option
                """);
            command.Parameters.AddWithValue(top);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { }
            rollup.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        console.WriteLine($"peer: province rollup query p50 {rollup.At(0.5):F1} ms, p99 {rollup.At(0.99):F1} ms");
        await using var count = data.CreateCommand("SELECT count(*) FROM peer_value");
        return new LoadReport
        {
            Name = name, Mode = "peer", Seconds = Math.Round(seconds, 1), Requests = requests, ValuesAccepted = values,
            ValuesPerSecond = Math.Round(values / seconds), RequestsPerSecond = Math.Round(requests / seconds),
            RequestP50Ms = latency.At(0.5), RequestP99Ms = latency.At(0.99),
            Extra = new()
            {
                ["rollupP50Ms"] = Math.Round(rollup.At(0.5) ?? 0, 2),
                ["rollupP99Ms"] = Math.Round(rollup.At(0.99) ?? 0, 2),
                ["rows"] = (long)(await count.ExecuteScalarAsync())!,
                ["hierarchyLoadSeconds"] = Math.Round(loading.Elapsed.TotalSeconds, 1),
            },
        };
    }

    private static async Task CreateSchemaAsync(NpgsqlDataSource data)
    {
        await using var command = data.CreateCommand("""
            DROP TABLE IF EXISTS peer_value, peer_closure, peer_unit;
            CREATE TABLE peer_unit (code text PRIMARY KEY, parent text, level text NOT NULL);
            CREATE TABLE peer_closure (ancestor text NOT NULL, descendant text NOT NULL, PRIMARY KEY (ancestor, descendant));
            CREATE TABLE peer_value (unit text NOT NULL, indicator text NOT NULL, option text NOT NULL DEFAULT '',
                numerator bigint NOT NULL, denominator bigint NOT NULL, period_end date NOT NULL, PRIMARY KEY (unit, indicator, option));
            """);
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

    private static async Task UpsertAsync(NpgsqlDataSource data, IReadOnlyList<SubmissionGenerator.Item> batch)
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
        await command.ExecuteNonQueryAsync();
    }
}
