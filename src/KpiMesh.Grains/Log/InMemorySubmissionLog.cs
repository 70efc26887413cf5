using KpiMesh.Domain.Submissions;

namespace KpiMesh.Grains.Log;

/// <summary>
/// The embedded default's log: sequence numbers and id idempotency for this process, nothing kept across a restart.
/// It remembers the last <see cref="MaxRememberedIds"/> ids, so memory stays bounded however long the demo runs.
/// </summary>
public sealed class InMemorySubmissionLog : ISubmissionLog
{
    public const int MaxRememberedIds = 1_000_000;

    /// <summary>The audit trail kept in memory: the latest appends, whatever their unit.</summary>
    public const int MaxAuditEntries = 200_000;

    /// <summary>
    /// The audit rows as structs, made into <see cref="AuditEntry"/> records only when read: an object per value kept
    /// for the 2-3 s the ring holds it under ingest was promoted by every collection (the submission id's string is
    /// all a row still adds to the heap).
    /// </summary>
    private readonly Queue<AuditRow> _audit = new();

    private readonly Lock _lock = new();
    /// <summary>Ids and fingerprints as digests (<see cref="SubmissionDigest"/>): no string per value kept for seconds.</summary>
    private readonly Dictionary<UInt128, (ulong Fingerprint, long Sequence)> _ids = new();
    private readonly Queue<UInt128> _order = new();
    private long _sequence;

    public bool IsDurable => false;

    public long InDoubtAppends => 0;

    public Task<IReadOnlyList<LogResult>> AppendAsync(IReadOnlyList<ValidSubmission> submissions, string submittedBy, CancellationToken cancellationToken)
    {
        var results = new LogResult[submissions.Count];
        lock (_lock)
        {
            for (var i = 0; i < submissions.Count; i++)
            {
                var submission = submissions[i];
                UInt128? id = submission.Id is null ? null : SubmissionDigest.OfId(submission.Id);
                if (id is { } known && _ids.TryGetValue(known, out var earlier))
                {
                    results[i] = new LogResult(earlier.Fingerprint == submission.FingerprintDigest ? LogOutcome.Duplicate : LogOutcome.Conflict, earlier.Sequence);
                    continue;
                }
                var sequence = ++_sequence;
                if (id is { } newId) Remember(newId, submission.FingerprintDigest, sequence);
                results[i] = new LogResult(LogOutcome.Appended, sequence);
                _audit.Enqueue(new AuditRow(submission.Unit, sequence, submission.Id, submission.Key.Indicator, submission.Key.Option,
                    submission.Numerator, submission.Denominator, submission.Period.Text, submittedBy, DateTimeOffset.UtcNow));
                if (_audit.Count > MaxAuditEntries) _audit.Dequeue();
            }
        }
        return Task.FromResult<IReadOnlyList<LogResult>>(results);
    }

    // Nothing survives a restart in memory, so there is nothing to replay and no checkpoint to keep: recovery and
    // checkpoints only run over a durable log (IsDurable).
    public Task<IReadOnlyList<LoggedSubmission>> ReadRangeAsync(long after, long upTo, int limit, CancellationToken cancellationToken) => throw NotDurable();

    public Task<long> SettledSequenceAsync(CancellationToken cancellationToken) => throw NotDurable();

    public Task<long> ReadCheckpointAsync(CancellationToken cancellationToken) => throw NotDurable();

    public Task<(long Checkpoint, long Head)> ReadLagAsync(CancellationToken cancellationToken) => throw NotDurable();

    public Task<int?> ReadMembershipVersionAsync(CancellationToken cancellationToken) => throw NotDurable();

    public Task<bool> AdvanceCheckpointAsync(long from, long to, int? membershipVersion, CancellationToken cancellationToken) => throw NotDurable();

    public Task<IAsyncDisposable?> TryTakeCheckpointTurnAsync(CancellationToken cancellationToken) => throw NotDurable();

    private static NotSupportedException NotDurable() => new("the in-memory submission log keeps nothing across a restart: nothing to replay or checkpoint");

    public Task<IReadOnlyList<AuditEntry>> ReadRecentAsync(string unit, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<AuditEntry>>(_audit.Where(a => a.Unit == unit).Reverse().Take(limit).Select(a => a.ToEntry()).ToList());
    }

    private void Remember(UInt128 id, ulong fingerprint, long sequence)
    {
        _ids[id] = (fingerprint, sequence);
        _order.Enqueue(id);
        if (_order.Count > MaxRememberedIds) _ids.Remove(_order.Dequeue());
    }

    private readonly record struct AuditRow(string Unit, long Sequence, string? Id, string Indicator, string? Option,
        long Numerator, long Denominator, string Period, string SubmittedBy, DateTimeOffset ReceivedAt)
    {
        public AuditEntry ToEntry() => new(Sequence, Id, Indicator, Option, Numerator, Denominator, Period, SubmittedBy, ReceivedAt);
    }
}
