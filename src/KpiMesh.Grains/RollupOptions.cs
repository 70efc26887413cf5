namespace KpiMesh.Grains;

/// <summary>
/// How updates travel up the hierarchy. Each unit reports its subtree's total to its parent at most once per
/// <see cref="FlushInterval"/>, so a parent hears from each child at most 1/FlushInterval times a second however many
/// submissions arrive below it: the root cannot become a bottleneck. Coalescing is leading-edge: a unit that has not
/// reported for a whole interval reports at once, and only what arrives within an interval of its last report waits.
/// </summary>
/// <remarks>
/// Staleness bound. On a path idle for an interval a change reaches an ancestor k levels up within k grain calls
/// (a few milliseconds per level). Under a burst each level may first wait out the rest of its interval, so in the
/// worst case it takes k x FlushInterval plus k grain calls: 7 hops (an institution under a village up to the
/// nation) at the default 100 ms give about 0.7 s plus call latency, stated as 1 s (<see cref="StalenessBound"/>).
/// Reads served from a gateway's cache add at most <see cref="ReadMaxAge"/>, which the bound includes.
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

    /// <summary>
    /// How old a rollup a gateway may answer a read with: it serves a unit's totals from what its grain last sent
    /// it (or answered it) no longer ago than this, and asks the grain otherwise.
    /// </summary>
    public TimeSpan ReadMaxAge { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// False where grain state lives in this process's memory alone (the embedded default, which the host sets): a
    /// unit then neither reports upwards nor saves while the process stops, since everything goes with it. True
    /// wherever other silos or a database keep what a stopping silo hands on (a cluster whose silo stops gracefully).
    /// </summary>
    public bool StateOutlivesProcess { get; set; } = true;

    public const int MaxDepth = 7;

    public TimeSpan StalenessBound => FlushInterval * MaxDepth + ReadMaxAge + TimeSpan.FromMilliseconds(200);
}
