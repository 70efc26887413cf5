using KpiMesh.Abstractions;

namespace KpiMesh.Grains;

/// <summary>What a unit grain persists: its own values, each child's latest contribution, and its idempotency memory.</summary>
[GenerateSerializer, Alias("kpimesh.UnitState")]
public sealed class UnitState
{
    [Id(0)] public List<OwnValueState> Own { get; set; } = [];
    /// <summary>Each child's latest contribution: a snapshot of the unit's <c>SubtreeRollup</c>, taken at each write.</summary>
    [Id(1)] public Dictionary<string, ChildState> Children { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The version of the last contribution sent to the parent.</summary>
    [Id(2)] public long SentVersion { get; set; }

    /// <summary>
    /// Submission id -> fingerprint of its body, as digests (<c>SubmissionDigest</c>), oldest first (bounded by
    /// RollupOptions). Ids 3 and 4 held them as strings until 2026-12; such state is read without them (a retry of an
    /// id accepted before is still found by the submission log, which the ingestor asks first).
    /// </summary>
    [Id(8)] public Dictionary<UInt128, ulong> SeenIds { get; set; } = new();
    [Id(9)] public Queue<UInt128> SeenOrder { get; set; } = new();

    [Id(5)] public Dictionary<string, DateTimeOffset> ChangedAt { get; set; } = new(StringComparer.Ordinal);

    /// <summary>True while a change has not yet been reported to the parent (so a reactivation reports it).</summary>
    [Id(6)] public bool ReportPending { get; set; }

    /// <summary>The total at the end of each day it changed (units down to RollupOptions.HistoryDepth only).</summary>
    [Id(7)] public Dictionary<DateOnly, SeriesCell[]> History { get; set; } = new();

    /// <summary>
    /// Remembers a submission id with its body's fingerprint, forgetting the oldest beyond <paramref name="kept"/>;
    /// false when the id was already remembered.
    /// </summary>
    public bool RememberId(UInt128 id, ulong fingerprint, int kept)
    {
        if (!SeenIds.TryAdd(id, fingerprint)) return false;
        SeenOrder.Enqueue(id);
        while (SeenOrder.Count > kept) SeenIds.Remove(SeenOrder.Dequeue());
        return true;
    }
}
