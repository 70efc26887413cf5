namespace KpiMesh.Grains;

/// <summary>
/// How updates travel up the hierarchy. Each unit coalesces everything that reaches it within
/// <see cref="FlushInterval"/> into one report to its parent, so a parent hears from each child at most
/// 1/FlushInterval times a second however many submissions arrive below it: the root cannot become a bottleneck.
/// </summary>
/// <remarks>
/// Staleness bound: a change reaches an ancestor k levels up within k x FlushInterval plus k grain calls.
/// The deepest path is an institution under a village up to the nation (7 hops); with the default 100 ms that is
/// about 0.7 s plus call latency, and we state the bound as 1 s (<see cref="StalenessBound"/>).
/// </remarks>
public sealed class RollupOptions
{
    public const string Section = "Rollup";

    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Ids remembered per unit for idempotent retries; the oldest are forgotten beyond this.</summary>
    public int RememberedIdsPerUnit { get; set; } = 10_000;

    /// <summary>
    /// The lowest level that keeps a daily history of its rollup (villages and institutions would multiply the
    /// storage for trends nobody charts).
    /// </summary>
    public Domain.Hierarchy.UnitLevel HistoryDepth { get; set; } = Domain.Hierarchy.UnitLevel.Town;

    /// <summary>
    /// How often a busy unit writes its state (always also when it is deactivated). The submission log, not grain
    /// state, is what survives a crash: every process replays it at start and re-reports every unit on the replayed
    /// paths, so state older than this costs nothing in correctness. Writing at every flush held durable ingest to
    /// 2,700 values/s, and every 10 s to 4,000 (each busy leaf still wrote at each of its flushes; docs/benchmarks.md).
    /// In the embedded default, whose memory storage a restart empties anyway, state is written only on deactivation.
    /// </summary>
    public TimeSpan StateWriteInterval { get; set; } = TimeSpan.FromMinutes(5);

    public const int MaxDepth = 7;

    public TimeSpan StalenessBound => FlushInterval * MaxDepth + TimeSpan.FromMilliseconds(300);
}
