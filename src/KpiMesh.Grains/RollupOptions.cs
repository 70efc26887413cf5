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
/// worst case it takes the sum of the intervals on the path plus k grain calls: 7 hops (an institution under a
/// village up to the nation) at the defaults give 3 x 100 ms + 4 x 25 ms plus call latency (<see cref="StalenessBound"/>).
/// Reads served from a gateway's cache add at most <see cref="ReadMaxAge"/>, which the bound includes.
/// </remarks>
public sealed class RollupOptions
{
    public const string Section = "Rollup";

    /// <summary>The least time between two reports of a unit below <see cref="UpperLevel"/> to its parent.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The interval of units at <see cref="UpperLevel"/> and above. They are few (Hebei: 182 of 56,713 units) and each
    /// hears from many children, so under ingest each is busy all the time and a change waited out the rest of an
    /// interval at every one of them on its way up: freshness from a village to the province's live stream was p50
    /// 95-120 ms, p99 220-400 ms at 100 ms here (8 uploads in flight, in memory). At 25 ms the three levels above the
    /// towns cost at most 75 ms instead of 300, for about 5,500 more reports a second in Hebei (182 units reporting 40
    /// instead of 10 times a second) beside the 24,000 a second its towns send.
    /// </summary>
    public TimeSpan UpperFlushInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>The highest level that still reports at <see cref="FlushInterval"/> is the one below this.</summary>
    public Domain.Hierarchy.UnitLevel UpperLevel { get; set; } = Domain.Hierarchy.UnitLevel.County;

    /// <summary>The flush interval of a unit at <paramref name="level"/>.</summary>
    public TimeSpan FlushIntervalAt(Domain.Hierarchy.UnitLevel level) => level <= UpperLevel ? UpperFlushInterval : FlushInterval;

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

    /// <summary>
    /// The worst case of a path of <see cref="MaxDepth"/> hops: an institution, a village and a town wait at most
    /// <see cref="FlushInterval"/> each, the county, the city, the province and the nation (notifying its viewers) at
    /// most <see cref="UpperFlushInterval"/> each (with the default levels), plus a gateway's copy and call time.
    /// </summary>
    public TimeSpan StalenessBound
    {
        get
        {
            var upperHops = Math.Min(MaxDepth, (int)UpperLevel + 1);
            return FlushInterval * (MaxDepth - upperHops) + UpperFlushInterval * upperHops + ReadMaxAge + TimeSpan.FromMilliseconds(200);
        }
    }
}
