using KpiMesh.Domain.Targets;

namespace KpiMesh.Domain.Reports;

/// <summary>
/// One line of a unit's report: an indicator (or one of its options) over the unit's subtree.
/// <see cref="Value"/> is null when there is no denominator, so "no data" never reads as 0%. <see cref="Target"/> is the
/// milestone that applies today; <see cref="Status"/> is null when there is no value to judge. Count indicators have no
/// rate: <see cref="Previous"/> is the count as of each unit's previous period and <see cref="Alert"/> is set where a
/// count that must not rise (red warnings) did.
/// </summary>
public sealed record IndicatorRow(
    string Indicator,
    string? Option,
    long Numerator,
    long Denominator,
    double? Value,
    int ExpectedUnits,
    int ReportedUnits,
    DateTimeOffset? AsOf,
    Milestone? Target = null,
    TargetStatus? Status = null,
    long? Previous = null,
    bool? Alert = null)
{
    /// <summary>Reporting completeness: reported / expected, shown beside the rate.</summary>
    public double? Completeness => ExpectedUnits == 0 ? null : Math.Min(1.0, (double)ReportedUnits / ExpectedUnits);
}
