using KpiMesh.Abstractions;
using KpiMesh.Domain.Rollups;

namespace KpiMesh.Grains;

/// <summary>
/// A child's latest contribution as stored: the version the rollup took, its cells and its alert summary (null in
/// state written before alerts rolled up: the child's next report brings it). The domain's <see cref="SubtreeRollup"/>
/// and <see cref="AlertRollup"/> own the children's contributions (and judge their versions); the state only persists
/// a snapshot of them, taken at each write, and gives them back at activation.
/// </summary>
[GenerateSerializer, Alias("kpimesh.ChildState")]
public sealed record ChildState(long Version, SeriesCell[] Cells, AlertSummaryData? Alerts = null)
{
    /// <summary>
    /// The rollup's children as stored. A child whose version is the one already stored keeps its stored entry, so a
    /// write converts only the children that reported since the last one.
    /// </summary>
    public static Dictionary<string, ChildState> Snapshot(SubtreeRollup rollup, AlertRollup alerts, IReadOnlyDictionary<string, ChildState> stored)
    {
        var snapshot = new Dictionary<string, ChildState>(rollup.Children.Count, StringComparer.Ordinal);
        foreach (var (child, (version, cells)) in rollup.Children)
            snapshot[child] = stored.TryGetValue(child, out var held) && held.Version == version
                ? held
                : new ChildState(version, SeriesCell.FromContribution(cells),
                    alerts.Children.TryGetValue(child, out var summary) ? AlertSummaryData.From(summary.Summary) : null);
        return snapshot;
    }

    /// <summary>Gives the stored children back to a new activation's rollup.</summary>
    public static void Restore(IReadOnlyDictionary<string, ChildState> stored, SubtreeRollup rollup, AlertRollup alerts)
    {
        foreach (var (child, held) in stored)
        {
            rollup.ReplaceChild(child, held.Version, SeriesCell.ToContribution(held.Cells));
            alerts.ReplaceChild(child, held.Version, held.Alerts?.ToSummary() ?? AlertSummary.Empty);
        }
    }
}
