namespace KpiMesh.Domain.Rollups;

/// <summary>
/// A subtree's total over time at daily resolution: the total at the end of each day on which it changed. The value
/// on any day is the last recorded on or before it, so days without change cost nothing. Days older than
/// <see cref="DaysKept"/> are dropped.
/// </summary>
public sealed class RollupHistory
{
    public const int DaysKept = 731;

    private readonly SortedDictionary<DateOnly, Contribution> _days = new();

    public IReadOnlyCollection<KeyValuePair<DateOnly, Contribution>> Days => _days;

    /// <summary>The total recorded for <paramref name="day"/>, if any.</summary>
    public Contribution? On(DateOnly day) => _days.GetValueOrDefault(day);

    /// <summary>
    /// Records the total as it stands on <paramref name="day"/> (a later record the same day replaces it). The cells
    /// are copied into the day's own contribution, overwritten in place by later records of the day: a unit records
    /// at every report (up to 10 a second), and keeping each total it was given left one dictionary per town per
    /// report alive until the next, about 10 MB that every collection promoted under ingest (Hebei, 2,400 towns
    /// and up).
    /// </summary>
    public void Record(DateOnly day, Contribution total) => Record(day, total.Cells);

    /// <inheritdoc cref="Record(DateOnly, Contribution)"/>
    public void Record(DateOnly day, IReadOnlyDictionary<RollupKey, RollupCell> total)
    {
        if (!_days.TryGetValue(day, out var held)) _days[day] = held = Contribution.Owned();
        held.Become(total);
        while (_days.Count > 0 && _days.Keys.First() < day.AddDays(-DaysKept)) _days.Remove(_days.Keys.First());
    }

    /// <summary>The series' cell at the end of each day from <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    public IReadOnlyList<(DateOnly Day, RollupCell Cell)> Series(RollupKey key, DateOnly from, DateOnly to)
    {
        var result = new List<(DateOnly, RollupCell)>();
        var current = _days.LastOrDefault(d => d.Key < from).Value?[key] ?? default;
        var changes = _days.Where(d => d.Key >= from && d.Key <= to).ToList();
        var next = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            while (next < changes.Count && changes[next].Key == day) current = changes[next++].Value[key];
            result.Add((day, current));
        }
        return result;
    }
}
