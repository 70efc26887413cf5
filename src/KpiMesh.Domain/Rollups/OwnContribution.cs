using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Rollups;

/// <summary>Turns the values a unit itself holds into its part of the rollup.</summary>
public static class OwnContribution
{
    /// <summary>
    /// One cell per value held, plus, for indicators whose options have a meaningful total, the total (option null)
    /// as the sum of its options. The total is made here, at the submitting unit, because only here is it known that
    /// four option values come from one unit: the total counts that unit as reported once, not four times.
    /// A norm-share value becomes "this unit meets the norm" (1 of 1) or not (0 of 1): the norm is judged per unit.
    /// Values of indicators the programme no longer has still roll up (they come back if it is restored) but no row shows them.
    /// </summary>
    public static Contribution Build(IEnumerable<KeyValuePair<RollupKey, OwnValue>> values, IndicatorCatalog catalog)
    {
        var cells = new Dictionary<RollupKey, RollupCell>();
        foreach (var (key, value) in values)
        {
            var indicator = catalog.Find(key.Indicator);
            var previous = indicator is { IsCount: true } ? value.Previous?.Numerator ?? value.Numerator : 0;
            var cell = cells[key] = indicator is { Kind: IndicatorKind.NormShare, Norm: { } norm }
                ? new RollupCell(norm.IsMetBy(value.Numerator, value.Denominator) ? 1 : 0, 1, 1)
                : new RollupCell(value.Numerator, value.Denominator, 1, previous);
            if (key.Option is null || indicator is not { HasOptions: true, OptionsTotal: true }) continue;
            var totalKey = key with { Option = null };
            var total = cells.GetValueOrDefault(totalKey);
            cells[totalKey] = total with { Reported = 0 } + cell;
        }
        return Contribution.Adopt(cells);
    }
}
