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
            cells[key] = new RollupCell(value.Numerator, value.Denominator, 1);
            if (key.Option is null || catalog.Find(key.Indicator) is not { HasOptions: true }) continue;
            var totalKey = key with { Option = null };
            var total = cells.GetValueOrDefault(totalKey);
            cells[totalKey] = new RollupCell(total.Numerator + value.Numerator, total.Denominator + value.Denominator, 1);
        }
        return new Contribution(cells);
    }
}
