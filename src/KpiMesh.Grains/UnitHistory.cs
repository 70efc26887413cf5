using KpiMesh.Abstractions;
using KpiMesh.Domain.Rollups;

namespace KpiMesh.Grains;

/// <summary>
/// A unit's daily history: the domain's <see cref="RollupHistory"/> and its stored form in <see cref="UnitState.History"/>,
/// kept side by side so the mapping between them lives in one place. Only the day recorded changes, so only that entry
/// is copied into the state, and only when the state is written (<see cref="Store"/>): converted at every flush, each
/// conversion lived until the next and was promoted by the collector.
/// </summary>
internal sealed class UnitHistory
{
    private readonly RollupHistory _days = new();
    private readonly Dictionary<DateOnly, SeriesCell[]> _stored;
    private readonly bool _kept;

    /// <summary>The day recorded since the state's copy was last brought up to date, if any.</summary>
    private DateOnly? _unstored;

    /// <param name="stored">The state's history, read into the domain's and then kept up to date.</param>
    /// <param name="kept">False below <see cref="RollupOptions.HistoryDepth"/>: recording does nothing there.</param>
    public UnitHistory(Dictionary<DateOnly, SeriesCell[]> stored, bool kept)
    {
        _stored = stored;
        _kept = kept;
        foreach (var (day, cells) in stored.OrderBy(d => d.Key)) _days.Record(day, SeriesCell.ToContribution(cells));
    }

    /// <summary>Records the total as of now for <paramref name="today"/> and drops the stored days the domain no longer keeps.</summary>
    public void Record(DateOnly today, IReadOnlyDictionary<RollupKey, RollupCell> total)
    {
        if (!_kept) return;
        _days.Record(today, total);
        if (_unstored is { } earlier && earlier != today) Store();
        _unstored = today;
    }

    /// <summary>Brings the state's copy up to date (before it is written): the day recorded, without the days dropped.</summary>
    public void Store()
    {
        if (_unstored is not { } day) return;
        _unstored = null;
        if (_days.On(day) is { } cells) _stored[day] = SeriesCell.FromContribution(cells);
        var oldestKept = _days.Days.First().Key;
        foreach (var dropped in _stored.Keys.Where(d => d < oldestKept).ToList()) _stored.Remove(dropped);
    }

    public HistoryPoint[] Series(RollupKey key, DateOnly from, DateOnly to) =>
        _days.Series(key, from, to).Select(p => new HistoryPoint(p.Day, p.Cell.Numerator, p.Cell.Denominator, p.Cell.Reported)).ToArray();
}
