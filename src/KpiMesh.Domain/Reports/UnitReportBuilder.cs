using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Targets;

namespace KpiMesh.Domain.Reports;

/// <summary>
/// Turns a subtree's rolled-up sums into the rows leaders read. This is where coverage indicators get their
/// denominator from the hierarchy (applicable units that exist) rather than from what was reported.
/// </summary>
/// <param name="today">The day targets are judged on (their trajectory depends on it).</param>
/// <param name="targets">Self-chosen targets; null means the defaults alone.</param>
public sealed class UnitReportBuilder(IndicatorCatalog catalog, UnitDirectory directory, DateOnly today, TargetBook? targets = null)
{
    /// <summary>Every indicator of the catalog (and each option), whether or not anything was reported.</summary>
    public IReadOnlyList<IndicatorRow> Build(string code, Contribution total, IReadOnlyDictionary<RollupKey, DateTimeOffset>? changedAt = null)
    {
        var rows = new List<IndicatorRow>();
        foreach (var indicator in catalog.All)
        {
            var expected = ExpectedUnits(code, indicator);
            rows.Add(Row(code, indicator, null, total, expected, changedAt));
            foreach (var option in indicator.Options) rows.Add(Row(code, indicator, option, total, expected, changedAt));
        }
        return rows;
    }

    /// <summary>The row of one series, for rankings of children.</summary>
    public IndicatorRow BuildOne(string code, IndicatorDefinition indicator, string? option, Contribution total) =>
        Row(code, indicator, option, total, ExpectedUnits(code, indicator), null);

    public int ExpectedUnits(string code, IndicatorDefinition indicator) =>
        indicator.SubmittedAt.Sum(level => directory.CountInSubtree(code, level));

    /// <summary>The target in force for a series at a unit: the nearest enclosing self-chosen one, else the default.</summary>
    public EffectiveTarget? TargetFor(string code, string indicator, string? option) =>
        (targets ?? TargetBook.Empty).Resolve(directory.Ancestors(code).Select(a => a.Code).Prepend(code), indicator, option);

    /// <summary>The alert of seed 002's three-colour warning: more red cases than at the previous period.</summary>
    private static bool? RisingAlert(IndicatorDefinition indicator, string? option, RollupCell cell) =>
        option is not null && indicator.AlertOnRise.Contains(option) ? cell.Rose : null;

    private IndicatorRow Row(string code, IndicatorDefinition indicator, string? option, Contribution total, int expected,
        IReadOnlyDictionary<RollupKey, DateTimeOffset>? changedAt)
    {
        var key = new RollupKey(indicator.Id, option);
        var cell = total[key];
        var denominator = indicator.IsCoverage ? expected : cell.Denominator;
        double? value = denominator == 0 ? null : (double)cell.Numerator / denominator;
        var asOf = changedAt is not null && changedAt.TryGetValue(key, out var at) ? at : (DateTimeOffset?)null;
        if (indicator.IsCount)
            return new IndicatorRow(indicator.Id, option, cell.Numerator, 0, null, expected, cell.Reported, asOf,
                Previous: cell.Previous, Alert: RisingAlert(indicator, option, cell));
        var schedule = TargetFor(code, indicator.Id, option)?.Schedule;
        return new IndicatorRow(indicator.Id, option, cell.Numerator, denominator, value, expected, cell.Reported, asOf,
            schedule?.Current(today), schedule is null ? null : TargetEvaluator.Evaluate(schedule, value, today)?.Status);
    }
}
