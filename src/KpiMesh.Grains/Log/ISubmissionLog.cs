using KpiMesh.Abstractions;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Grains.Log;

public enum LogOutcome
{
    /// <summary>Written (durably, where the log is durable) under a new sequence number.</summary>
    Appended,

    /// <summary>The id was logged before with the same body: the earlier row's sequence number is returned.</summary>
    Duplicate,

    /// <summary>The id was logged before with a different body: the submission is refused.</summary>
    Conflict,
}

public readonly record struct LogResult(LogOutcome Outcome, long Sequence);

/// <summary>One row of the submission log with its unit, for replay (its sequence is in the item).</summary>
public sealed record LoggedSubmission(string Unit, SubmissionItem Item);

/// <summary>One row of the audit trail: what was submitted for a unit, by which principal, when.</summary>
public sealed record AuditEntry(
    long Sequence, string? Id, string Indicator, string? Option, long Numerator, long Denominator, string Period, string SubmittedBy, DateTimeOffset ReceivedAt);

/// <summary>
/// Every accepted submission, in order. Appending comes before any grain sees a submission, so the log is what
/// the rollups must equal after any crash, and a submission id is unique across the whole log.
/// </summary>
public interface ISubmissionLog
{
    /// <summary>True when an append survives a crash of every process (PostgreSQL); false in the embedded default.</summary>
    bool IsDurable { get; }

    /// <summary>Appends a batch in one round trip; one result per submission, in order.</summary>
    /// <exception cref="StorageUnavailableException">The log cannot be written now; nothing was appended.</exception>
    Task<IReadOnlyList<LogResult>> AppendAsync(IReadOnlyList<ValidSubmission> submissions, string submittedBy, CancellationToken cancellationToken);

    /// <summary>
    /// How many appends failed in a way that leaves it unknown whether they were committed (the connection dropped
    /// mid-statement). Such rows may be in the log without any grain having seen them, so a replay is due.
    /// </summary>
    long InDoubtAppends { get; }

    /// <summary>The rows with <paramref name="after"/> &lt; sequence &lt;= <paramref name="upTo"/>, in log order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<LoggedSubmission>> ReadRangeAsync(long after, long upTo, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The highest sequence at or below which every append has finished (committed or failed), so no row at or below
    /// it can appear later: sequences are drawn before commit, and appends commit out of order.
    /// </summary>
    Task<long> SettledSequenceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The recovery checkpoint of this service: every row at or below it is reflected in durable grain state, its
    /// unit's and every ancestor's (see <c>Checkpointer</c>). 0 when none was taken.
    /// </summary>
    Task<long> ReadCheckpointAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The checkpoint and the highest sequence drawn so far (by any process), in one cheap read: how many rows (at
    /// most; a failed append or a duplicate id also draws one) a start would replay now.
    /// </summary>
    Task<(long Checkpoint, long Head)> ReadLagAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The version of the cluster's membership as stored (it changes when a silo joins, leaves or is declared dead);
    /// null where membership is not kept beside the log.
    /// </summary>
    Task<int?> ReadMembershipVersionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Moves the checkpoint from <paramref name="from"/> to <paramref name="to"/> durably, if it is still at
    /// <paramref name="from"/> and the membership is still at <paramref name="membershipVersion"/>; false otherwise.
    /// </summary>
    Task<bool> AdvanceCheckpointAsync(long from, long to, int? membershipVersion, CancellationToken cancellationToken);

    /// <summary>The cluster-wide turn at advancing the checkpoint, held until disposed; null when another process holds it.</summary>
    Task<IAsyncDisposable?> TryTakeCheckpointTurnAsync(CancellationToken cancellationToken);

    /// <summary>The latest submissions for one unit, newest first (the audit trail).</summary>
    Task<IReadOnlyList<AuditEntry>> ReadRecentAsync(string unit, int limit, CancellationToken cancellationToken);
}
