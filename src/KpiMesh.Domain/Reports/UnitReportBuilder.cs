using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Programmes;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Targets;

namespace KpiMesh.Domain.Reports;

/// <summary>
/// Turns a subtree's rolled-up sums into the rows leaders read, under the programme in force. This is where
/// coverage and norm-share indicators get their denominator from the hierarchy (applicable units that exist), rather
/// than from what was reported. Per-population denominators arrive in the sums: each submitting unit stamps the
/// attribute of its period's year (<see cref="OwnContribution.PerPopulationDenominator"/>).
/// </summary>
/// <param name="today">The programme's local day targets are judged on (their trajectory depends on it).</param>
public sealed class UnitReportBuilder(Programme programme, UnitDirectory directory, DateOnly today)
{

    /// <summary>Every indicator that exists at the unit (and each series of it), whether or not anything was reported.</summary>
    public IReadOnlyList<IndicatorRow> Build(string code, Contribution total, IReadOnlyDictionary<RollupKey, DateTimeOffset>? changedAt = null)
    {
        var rows = new List<IndicatorRow>();
        var path = UnitThenAncestors(code);
        foreach (var indicator in programme.Catalog.At(path))
        {
            var expected = ExpectedUnits(code, indicator);
            foreach (var option in indicator.Series()) rows.Add(Row(code, path, indicator, option, total, expected, changedAt));
        }
        return rows;
    }

    /// <summary>The row of one series, for rankings of children and history.</summary>
    public IndicatorRow BuildOne(string code, IndicatorDefinition indicator, string? option, Contribution total) =>
        Row(code, UnitThenAncestors(code), indicator, option, total, ExpectedUnits(code, indicator), null);

    /// <summary>Whether an indicator exists at a unit (a scoped one exists only in its subtree).</summary>
    public bool Exists(string code, IndicatorDefinition indicator) => indicator.AppliesAt(UnitThenAncestors(code));

    public int ExpectedUnits(string code, IndicatorDefinition indicator) =>
        indicator.SubmittedAt.Sum(level => directory.CountInSubtree(code, level));

    /// <summary>The target in force for a series at a unit: the nearest enclosing one set for a subtree, else the programme's.</summary>
    public EffectiveTarget? TargetFor(string code, string indicator, string? option) =>
        programme.Targets.Resolve(UnitThenAncestors(code), indicator, option);

    private List<string> UnitThenAncestors(string code) => directory.Ancestors(code).Select(a => a.Code).Prepend(code).ToList();

    /// <summary>The alert of seed 002's three-colour warning: more red cases than at the previous period.</summary>
    private static bool? RisingAlert(IndicatorDefinition indicator, string? option, RollupCell cell) =>
        option is not null && indicator.AlertOnRise.Contains(option) ? cell.Rose : null;

    private IndicatorRow Row(string code, IReadOnlyCollection<string> path, IndicatorDefinition indicator, string? option, Contribution total, int expected,
        IReadOnlyDictionary<RollupKey, DateTimeOffset>? changedAt)
    {
        var key = new RollupKey(indicator.Id, option);
        var cell = total[key];
        var asOf = changedAt is not null && changedAt.TryGetValue(key, out var at) ? at : (DateTimeOffset?)null;
        var schedule = programme.Targets.Resolve(path, indicator.Id, option)?.Schedule;
        // No data gives no status: a subtree where nobody reported is unknown, not "off track".
        TargetStatus? Judge(double? value) =>
            schedule is null || cell.Reported == 0 ? null : TargetEvaluator.Evaluate(schedule, value, today)?.Status;
        if (indicator.IsCount)
            return new IndicatorRow(indicator.Id, option, cell.Numerator, 0, null, expected, cell.Reported, asOf,
                schedule?.Current(today), Judge(cell.Numerator), cell.Previous, RisingAlert(indicator, option, cell));

        long denominator = indicator.Kind switch
        {
            IndicatorKind.Coverage or IndicatorKind.NormShare => expected,
            _ => cell.Denominator,
        };
        double? value = denominator == 0 ? null
            : indicator.Kind == IndicatorKind.PerPopulation ? indicator.Scale * cell.Numerator / denominator
            : (double)cell.Numerator / denominator;
        return new IndicatorRow(indicator.Id, option, cell.Numerator, denominator, value, expected, cell.Reported, asOf,
            schedule?.Current(today), Judge(value));
    }
}
