using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Indicators;

/// <param name="Id">The id of the API contract (DOMAIN.md); never renamed.</param>
/// <param name="SubmittedAt">The unit levels that submit it; they are also the units counted as expected.</param>
/// <param name="Options">Disaggregation options; each rolls up on its own and the indicator's total is their sum.</param>
/// <param name="Source">Which seed document it comes from, for people checking the catalog against the sources.</param>
public sealed record IndicatorDefinition(
    string Id,
    string Title,
    IndicatorKind Kind,
    IReadOnlyList<UnitLevel> SubmittedAt,
    IReadOnlyList<string> Options,
    string NumeratorMeaning,
    string DenominatorMeaning,
    string Source)
{
    public bool IsCoverage => Kind == IndicatorKind.Coverage;

    public bool HasOptions => Options.Count > 0;

    public bool IsSubmittedAt(UnitLevel level) => SubmittedAt.Contains(level);
}
