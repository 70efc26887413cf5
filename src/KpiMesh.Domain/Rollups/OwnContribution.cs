using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Rollups;

/// <summary>Turns the values a unit itself holds into its part of the rollup.</summary>
public static class OwnContribution
{
    /// <summary>
    /// One cell per value held, plus, for indicators with options, the indicator's total (option null) as the
    /// sum of its options. The total is made here, at the submitting unit, because only here is it known that
    /// four option values come from one unit: the total counts that unit as reported once, not four times.
    /// </summary>
    public static Contribution Build(IEnumerable<KeyValuePair<RollupKey, OwnValue>> values, IndicatorCatalog catalog)
    {
        var cells = new Dictionary<RollupKey, RollupCell>();
        foreach (var (key, value) in values)
        {
            var indicator = catalog.Find(key.Indicator);
            var previous = indicator is { IsCount: true } ? value.Previous?.Numerator ?? value.Numerator : 0;
            var cell = cells[key] = new RollupCell(value.Numerator, value.Denominator, 1, previous);
            if (key.Option is null || indicator is not { HasOptions: true }) continue;
            var totalKey = key with { Option = null };
            var total = cells.GetValueOrDefault(totalKey);
            cells[totalKey] = total with { Reported = 0 } + cell;
        }
        return Contribution.Adopt(cells);
    }
}
