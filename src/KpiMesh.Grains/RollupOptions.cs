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
    /// Whether every flush also writes the unit's state. On PostgreSQL it does (a restart then replays less). In the
    /// embedded default the storage is memory that a restart empties anyway, so state is written only when a unit is
    /// deactivated: writing it at every flush cost a quarter of the CPU under load for nothing kept.
    /// </summary>
    public bool WriteStateEachFlush { get; set; } = true;

    public const int MaxDepth = 7;

    public TimeSpan StalenessBound => FlushInterval * MaxDepth + TimeSpan.FromMilliseconds(300);
}
