using HdrHistogram;

namespace KpiMesh.LoadGen;

/// <summary>
/// Latencies in milliseconds, recorded in microseconds into an HdrHistogram (3 significant digits, up to an hour), so
/// a long run costs constant memory and a percentile is read without sorting. A second, interval histogram feeds the
/// live progress line with the last second only.
/// </summary>
public sealed class Percentiles
{
    private const long Highest = 3_600_000_000; // one hour, in microseconds
    private readonly LongConcurrentHistogram _all = new(1, Highest, 3);
    private readonly Recorder _recent = new(1, Highest, 3, (id, lowest, highest, digits) => new LongHistogram(id, lowest, highest, digits));
    private HistogramBase? _lastInterval;

    public void Add(double milliseconds)
    {
        var micros = Math.Clamp((long)Math.Round(milliseconds * 1000), 1, Highest);
        _all.RecordValue(micros);
        _recent.RecordValue(micros);
    }

    public int Count => (int)_all.TotalCount;

    public double? At(double quantile) => _all.TotalCount == 0 ? null : _all.GetValueAtPercentile(quantile * 100) / 1000.0;

    /// <summary>The samples since the previous call, for the live progress line (one caller: the progress loop).</summary>
    public double? RecentAt(double quantile)
    {
        _lastInterval = _recent.GetIntervalHistogram(_lastInterval);
        return _lastInterval.TotalCount == 0 ? null : _lastInterval.GetValueAtPercentile(quantile * 100) / 1000.0;
    }
}
