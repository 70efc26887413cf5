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
    /// <summary>
    /// Set when the values are computed by KpiMesh from a richer report (a platform report) rather than submitted
    /// directly: it names where to send that report. Direct submissions of such an indicator are refused, so the
    /// computed figure cannot be contradicted by a hand-typed one.
    /// </summary>
    public string? ComputedFrom { get; init; }

    /// <summary>Options of a count indicator whose rise since the previous period raises an alert (the red warning count).</summary>
    public IReadOnlyList<string> AlertOnRise { get; init; } = [];

    public bool IsCoverage => Kind == IndicatorKind.Coverage;

    public bool IsCount => Kind == IndicatorKind.Count;

    public bool HasOptions => Options.Count > 0;

    public bool IsSubmittedAt(UnitLevel level) => SubmittedAt.Contains(level);
}
