using KpiMesh.Domain.Attributes;
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
    /// A per-population value carries its own denominator: the unit attribute of the period's year (see <see cref="PerPopulationDenominator"/>).
    /// Values of indicators the programme no longer has still roll up (they come back if it is restored) but no row shows them.
    /// </summary>
    /// <param name="code">The unit whose values these are (the subtree its attribute is summed over).</param>
    public static Contribution Build(IEnumerable<KeyValuePair<RollupKey, OwnValue>> values, IndicatorCatalog catalog,
        string code = "", AttributeBook? attributes = null)
    {
        var cells = new Dictionary<RollupKey, RollupCell>();
        foreach (var (key, value) in values)
        {
            var indicator = catalog.Find(key.Indicator);
            var previous = indicator is { IsCount: true } ? value.Previous?.Numerator ?? value.Numerator : 0;
            var cell = cells[key] = indicator switch
            {
                { Kind: IndicatorKind.NormShare, Norm: { } norm } => new RollupCell(norm.IsMetBy(value.Numerator, value.Denominator) ? 1 : 0, 1, 1),
                { Kind: IndicatorKind.PerPopulation, Attribute: { } attribute } =>
                    new RollupCell(value.Numerator, PerPopulationDenominator(attributes ?? AttributeBook.Empty, code, attribute, value.Period), 1),
                _ => new RollupCell(value.Numerator, value.Denominator, 1, previous),
            };
            if (key.Option is null || indicator is not { HasOptions: true, OptionsTotal: true }) continue;
            var totalKey = key with { Option = null };
            var total = cells.GetValueOrDefault(totalKey);
            cells[totalKey] = total with { Reported = 0 } + cell;
        }
        return Contribution.Adopt(cells);
    }

    /// <summary>
    /// Issue 12 (the programme as data): "a per-population rate uses the attribute of the period's year (latest earlier
    /// year when missing)". The period is that of the value: a county's 2026-03 professionals are divided by its 2026
    /// population, or by its 2025 one while 2026's is not loaded; its 2025 figures by 2025's. So the denominator is
    /// stamped here, by the unit that submitted the value, as the attribute summed over its own subtree for the year the
    /// period ends in, and it rolls up with the numerator: an ancestor's rate is sum(numerators) / sum(denominators) over
    /// the units that reported, each with the population of its own period, exact and idempotent like every other sum.
    /// The attribute must therefore be held at the submitting level or below it (counties submit, counties or their
    /// towns hold the population); a unit whose subtree holds none for that year or earlier adds its numerator and 0.
    /// When the programme or the attributes change, the grains stamp their values again (a change re-judges everything).
    /// </summary>
    public static long PerPopulationDenominator(AttributeBook attributes, string code, string attribute, string period) =>
        ReportingPeriod.TryParse(period, out var parsed) ? attributes.SumInSubtree(code, attribute, parsed.End.Year) : 0;
}
