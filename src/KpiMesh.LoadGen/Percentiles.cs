namespace KpiMesh.LoadGen;

/// <summary>Latencies in milliseconds, kept whole (a run is at most a few million samples) and sorted once at the end.</summary>
public sealed class Percentiles
{
    private readonly List<double> _samples = [];
    private readonly Lock _lock = new();

    public void Add(double milliseconds)
    {
        lock (_lock) _samples.Add(milliseconds);
    }

    public int Count
    {
        get { lock (_lock) return _samples.Count; }
    }

    public double? At(double quantile)
    {
        lock (_lock)
        {
            if (_samples.Count == 0) return null;
            var sorted = _samples.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
        }
    }

    /// <summary>The latest samples only, for the live progress line.</summary>
    public double? RecentAt(double quantile, int last = 2000)
    {
        lock (_lock)
        {
            if (_samples.Count == 0) return null;
            var sorted = _samples.Skip(Math.Max(0, _samples.Count - last)).Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
        }
    }
}
