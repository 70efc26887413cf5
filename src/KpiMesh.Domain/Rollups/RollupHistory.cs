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

    /// <summary>Records the total as it stands on <paramref name="day"/> (a later record the same day replaces it).</summary>
    public void Record(DateOnly day, Contribution total)
    {
        _days[day] = total;
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
