using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Targets;

namespace KpiMesh.Domain.Programmes;

/// <summary>A status that a programme change would change at a unit (null: no status, e.g. no data or no target).</summary>
public sealed record StatusChange(string Unit, string Indicator, string? Option, string? Before, string? After, double? TargetBefore, double? TargetAfter);

/// <summary>What a programme change does, for a dry run and for the answer to an applied one.</summary>
public static class ProgrammeChanges
{
    public static (IReadOnlyList<string> Added, IReadOnlyList<string> Removed) Indicators(Programme before, Programme after)
    {
        var old = before.Catalog.All.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var now = after.Catalog.All.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        return (now.Except(old).Order(StringComparer.Ordinal).ToList(), old.Except(now).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Series whose status or target at <paramref name="unit"/> differs between the two sets of rows.</summary>
    public static IEnumerable<StatusChange> Statuses(string unit, IReadOnlyList<IndicatorRow> before, IReadOnlyList<IndicatorRow> after)
    {
        var old = before.ToDictionary(r => (r.Indicator, r.Option));
        var now = after.ToDictionary(r => (r.Indicator, r.Option));
        foreach (var key in old.Keys.Union(now.Keys).OrderBy(k => k.Indicator, StringComparer.Ordinal).ThenBy(k => k.Option, StringComparer.Ordinal))
        {
            var (was, @is) = (old.GetValueOrDefault(key), now.GetValueOrDefault(key));
            var (statusBefore, statusAfter) = (was?.Status?.ToWireName(), @is?.Status?.ToWireName());
            if (statusBefore != statusAfter || was?.Target?.Value != @is?.Target?.Value)
                yield return new StatusChange(unit, key.Indicator, key.Option, statusBefore, statusAfter, was?.Target?.Value, @is?.Target?.Value);
        }
    }
}
