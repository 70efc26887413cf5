using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
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

    /// <summary>
    /// The units whose own part a change makes stale: a norm-share value is judged against the norm at the unit that
    /// submits it and a per-population one carries the attribute of its period's year, so those units must build their
    /// part again when such an indicator is added, removed or redefined (or, with <paramref name="attributesChanged"/>,
    /// for every per-population indicator). Other kinds are judged when read and need nobody to act.
    /// </summary>
    public static IEnumerable<string> UnitsToRejudge(Programme before, Programme after, bool attributesChanged, UnitDirectory directory)
    {
        if (directory.Root is not { } root) return [];
        static bool JudgedAtUnit(IndicatorDefinition? i) => i is { Kind: IndicatorKind.NormShare or IndicatorKind.PerPopulation };
        static object? Judgement(IndicatorDefinition? i) => JudgedAtUnit(i) ? (i!.Kind, i.Norm, i.Attribute, i.Scope, string.Join(",", i.SubmittedAt)) : null;
        var stale = new List<IndicatorDefinition>();
        foreach (var id in before.Catalog.All.Concat(after.Catalog.All).Where(JudgedAtUnit).Select(i => i.Id).Distinct(StringComparer.Ordinal))
        {
            var (was, @is) = (before.Catalog.Find(id), after.Catalog.Find(id));
            var attributeChanged = attributesChanged && (@is ?? was)!.Kind == IndicatorKind.PerPopulation;
            if (attributeChanged || !Equals(Judgement(was), Judgement(@is)))
                stale.AddRange(new[] { was, @is }.Where(JudgedAtUnit).OfType<IndicatorDefinition>());
        }
        return stale.SelectMany(i => i.SubmittedAt.SelectMany(level => directory.Descendants(i.Scope ?? root.Code, level)))
            .Select(u => u.Code).Distinct(StringComparer.Ordinal).ToList();
    }
}
