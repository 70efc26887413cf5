using System.Net.Sockets;
using KpiMesh.Abstractions;
using KpiMesh.Domain.Submissions;
using KpiMesh.Grains.Log;
using Npgsql;
using NpgsqlTypes;

namespace KpiMesh.Postgres;

/// <summary>
/// The submission log in PostgreSQL. A batch is one statement (arrays unnested server-side), committed before the
/// caller hears "accepted"; an id already in the log is not stored again. It also keeps the service's recovery
/// checkpoint (<c>kpimesh_checkpoint</c>).
/// </summary>
/// <param name="serviceId">The Orleans service whose grain state the checkpoint speaks for.</param>
/// <param name="clusterId">The Orleans cluster whose membership (kpimesh_membership_version) a checkpoint round must not see change.</param>
public sealed class PostgresSubmissionLog(NpgsqlDataSource dataSource, string serviceId, string clusterId) : ISubmissionLog
{
    // The sequence is drawn only inside a statement that inserts into kpimesh_submission, i.e. one that already holds
    // its ROW EXCLUSIVE lock (taken when the statement is parsed, before any nextval): SettledSequenceAsync relies on it.
    private const string AppendSql = """
        WITH input AS (
            SELECT t.*, nextval('kpimesh_submission_seq') AS seq
              FROM unnest(@ids, @units, @indicators, @options, @numerators, @denominators, @periods, @period_ends, @fingerprints)
                   WITH ORDINALITY AS t(submission_id, unit, indicator, option, numerator, denominator, period, period_end, fingerprint, idx)),
        inserted AS (
            INSERT INTO kpimesh_submission (seq, submission_id, unit, indicator, option, numerator, denominator, period, period_end, fingerprint, submitted_by)
            SELECT seq, submission_id, unit, indicator, option, numerator, denominator, period, period_end, fingerprint, @submitted_by FROM input
            ON CONFLICT (submission_id) DO NOTHING
            RETURNING seq)
        SELECT input.idx, input.seq, inserted.seq IS NOT NULL
          FROM input LEFT JOIN inserted ON inserted.seq = input.seq
         ORDER BY input.idx
        """;

    private const string RangeSql = """
        SELECT unit, indicator, option, numerator, denominator, period, submission_id, seq
          FROM kpimesh_submission
         WHERE seq > @after AND seq <= @up_to
         ORDER BY seq
         LIMIT @limit
        """;

    private long _inDoubt;

    public bool IsDurable => true;

    public long InDoubtAppends => Interlocked.Read(ref _inDoubt);

    public async Task<IReadOnlyList<LogResult>> AppendAsync(IReadOnlyList<ValidSubmission> submissions, string submittedBy, CancellationToken cancellationToken)
    {
        var results = new LogResult[submissions.Count];
        // The same id twice in one batch is judged here: the database sees one statement and cannot tell them apart.
        var firstOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var toWrite = new List<int>(submissions.Count);
        for (var i = 0; i < submissions.Count; i++)
        {
            if (submissions[i].Id is { } id && !firstOfId.TryAdd(id, i)) continue;
            toWrite.Add(i);
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var conflictingIds = new List<string>();
            await using (var command = new NpgsqlCommand(AppendSql, connection))
            {
                AddArrays(command, toWrite.Select(i => submissions[i]).ToList(), submittedBy);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var index = toWrite[(int)reader.GetInt64(0) - 1];
                    if (reader.GetBoolean(2)) results[index] = new LogResult(LogOutcome.Appended, reader.GetInt64(1));
                    else conflictingIds.Add(submissions[index].Id!);
                }
            }
            if (conflictingIds.Count > 0)
            {
                var earlier = await ReadByIdAsync(connection, conflictingIds, cancellationToken);
                foreach (var index in toWrite.Where(i => submissions[i].Id is { } id && earlier.ContainsKey(id)))
                {
                    var (fingerprint, sequence) = earlier[submissions[index].Id!];
                    results[index] = new LogResult(fingerprint == submissions[index].Fingerprint ? LogOutcome.Duplicate : LogOutcome.Conflict, sequence);
                }
            }
        }
        catch (Exception error) when (IsUnavailable(error))
        {
            Interlocked.Increment(ref _inDoubt);
            throw new StorageUnavailableException("the submission log (PostgreSQL) cannot be reached; nothing was accepted", error);
        }

        for (var i = 0; i < submissions.Count; i++)
        {
            if (submissions[i].Id is not { } id || firstOfId[id] == i) continue;
            var first = results[firstOfId[id]];
            results[i] = first.Outcome == LogOutcome.Conflict || submissions[firstOfId[id]].Fingerprint != submissions[i].Fingerprint
                ? new LogResult(LogOutcome.Conflict, first.Sequence)
                : new LogResult(LogOutcome.Duplicate, first.Sequence);
        }
        return results;
    }

    public async Task<IReadOnlyList<LoggedSubmission>> ReadRangeAsync(long after, long upTo, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RangeSql);
        command.CommandTimeout = 600;
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("up_to", upTo);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<LoggedSubmission>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new LoggedSubmission(reader.GetString(0), new SubmissionItem(
                reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt64(7))));
        return rows;
    }

    /// <summary>
    /// A SHARE lock on the log table waits for every append in progress (each holds ROW EXCLUSIVE from before it
    /// draws a sequence until it commits) and holds new ones back for one round trip; with it held, every sequence
    /// drawn so far belongs to a finished append.
    /// </summary>
    public async Task<long> SettledSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockTable = new NpgsqlCommand("SET LOCAL lock_timeout = '10s'; LOCK TABLE kpimesh_submission IN SHARE MODE", connection, transaction))
            await lockTable.ExecuteNonQueryAsync(cancellationToken);
        await using var read = new NpgsqlCommand("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM kpimesh_submission_seq", connection, transaction);
        var settled = (long)(await read.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return settled;
    }

    public async Task<long> ReadCheckpointAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT seq FROM kpimesh_checkpoint WHERE service_id = @service");
        command.Parameters.AddWithValue("service", serviceId);
        return await command.ExecuteScalarAsync(cancellationToken) is long seq ? seq : 0;
    }

    /// <summary>The sequence's last value is not transactional and costs no lock: a poll every second is nothing.</summary>
    public async Task<(long Checkpoint, long Head)> ReadLagAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT COALESCE((SELECT seq FROM kpimesh_checkpoint WHERE service_id = @service), 0),
                   (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM kpimesh_submission_seq)
            """);
        command.Parameters.AddWithValue("service", serviceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private const string MembershipVersionSql = "(SELECT version FROM kpimesh_membership_version WHERE deployment_id = @cluster)";

    public async Task<int?> ReadMembershipVersionAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {MembershipVersionSql}");
        command.Parameters.AddWithValue("cluster", clusterId);
        return await command.ExecuteScalarAsync(cancellationToken) is int version ? version : null;
    }

    /// <summary>
    /// Committed synchronously (the log's connections keep PostgreSQL's default), which also flushes to disk every
    /// grain state write committed before it asynchronously: the write-ahead log is flushed in order.
    /// </summary>
    public async Task<bool> AdvanceCheckpointAsync(long from, long to, int? membershipVersion, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO kpimesh_checkpoint AS c (service_id, seq)
            SELECT @service, @to WHERE {MembershipVersionSql} IS NOT DISTINCT FROM @membership
            ON CONFLICT (service_id) DO UPDATE SET seq = EXCLUDED.seq, advanced_at = now() WHERE c.seq = @from
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.Add(new NpgsqlParameter("membership", NpgsqlDbType.Integer) { Value = (object?)membershipVersion ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IAsyncDisposable?> TryTakeCheckpointTurnAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext('kpimesh-checkpoint:' || @service))", connection))
        {
            command.Parameters.AddWithValue("service", serviceId);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!) return new CheckpointTurn(connection);
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>The advisory lock lives as long as its session: closing the connection (or the process dying) ends the turn.</summary>
    private sealed class CheckpointTurn(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection))
                await unlock.ExecuteNonQueryAsync();
            await connection.DisposeAsync();
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadRecentAsync(string unit, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT seq, submission_id, indicator, option, numerator, denominator, period, submitted_by, received_at
            FROM kpimesh_submission WHERE unit = @unit ORDER BY seq DESC LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("unit", unit);
        command.Parameters.AddWithValue("limit", limit);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetString(6), reader.GetString(7),
                reader.GetFieldValue<DateTimeOffset>(8)));
        return entries;
    }

    private static async Task<Dictionary<string, (string Fingerprint, long Sequence)>> ReadByIdAsync(
        NpgsqlConnection connection, List<string> ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT submission_id, fingerprint, seq FROM kpimesh_submission WHERE submission_id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var found = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) found[reader.GetString(0)] = (reader.GetString(1), reader.GetInt64(2));
        return found;
    }

    private static void AddArrays(NpgsqlCommand command, IReadOnlyList<ValidSubmission> rows, string submittedBy)
    {
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = rows.Select(r => (object?)r.Id ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("units", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = rows.Select(r => r.Unit).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("indicators", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = rows.Select(r => r.Key.Indicator).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("options", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = rows.Select(r => (object?)r.Key.Option ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("numerators", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.Numerator).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("denominators", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.Denominator).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("periods", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = rows.Select(r => r.Period.Text).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("period_ends", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = rows.Select(r => r.Period.End).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("fingerprints", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Fingerprint).ToArray() });
        command.Parameters.AddWithValue("submitted_by", submittedBy);
    }

    private static bool IsUnavailable(Exception error) =>
        error is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
        || error is NpgsqlException { InnerException: SocketException or TimeoutException or IOException }
        || error is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" };
}
