using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Indicators;

/// <summary>An indicator's names, Chinese first for users, English available.</summary>
public sealed record IndicatorNames(string Zh, string En)
{
    public override string ToString() => $"{Zh} {En}";
}

/// <summary>"At least <see cref="Numerator"/> per <see cref="Denominator"/>" (1 teacher per 4,000 students), judged in whole numbers.</summary>
public sealed record Norm(long Numerator, long Denominator)
{
    /// <summary>Whether a unit's own figures meet the norm: n/d >= Numerator/Denominator, cross-multiplied so it is exact.</summary>
    public bool IsMetBy(long numerator, long denominator) =>
        (Int128)numerator * Denominator >= (Int128)denominator * Numerator;
}

/// <summary>One indicator of a programme (the programme document defines them; see <c>programmes/</c>).</summary>
/// <param name="Id">The id of the API contract (DOMAIN.md); never renamed.</param>
/// <param name="SubmittedAt">The unit levels that submit it; they are also the units counted as expected.</param>
/// <param name="Options">Disaggregation options; each rolls up on its own.</param>
/// <param name="Source">The seed sentence it comes from, for people checking the programme against the sources.</param>
public sealed record IndicatorDefinition(
    string Id,
    IndicatorNames Names,
    IndicatorKind Kind,
    IReadOnlyList<UnitLevel> SubmittedAt,
    IReadOnlyList<string> Options,
    string NumeratorMeaning,
    string DenominatorMeaning,
    string Source)
{
    public string Title => Names.ToString();

    /// <summary>What the value is measured in, for people ("%", "人/10万人口", "支").</summary>
    public string Unit { get; init; } = "";

    /// <summary>
    /// Whether the options' sum is a meaningful total with a row (and a target) of its own. Awareness by cadres,
    /// students, urban and rural residents are different samples: no seed defines their pool, so it has none.
    /// </summary>
    public bool OptionsTotal { get; init; }

    /// <summary>The unit where the indicator was defined: it exists only in that subtree. Null: everywhere.</summary>
    public string? Scope { get; init; }

    /// <summary>Per-population indicators: the unit attribute summed over the subtree as denominator, and the scale.</summary>
    public string? Attribute { get; init; }

    public double Scale { get; init; } = 1;

    /// <summary>Norm-share indicators: the norm each unit's own figures must meet.</summary>
    public Norm? Norm { get; init; }

    /// <summary>
    /// Set when the values are computed by KpiMesh from a richer report (a platform report) rather than submitted
    /// directly: it names where to send that report. Direct submissions of such an indicator are refused, so the
    /// computed figure cannot be contradicted by a hand-typed one.
    /// </summary>
    public string? ComputedFrom { get; init; }

    /// <summary>Options of a count indicator whose rise since the previous period raises an alert (the red warning count).</summary>
    public IReadOnlyList<string> AlertOnRise { get; init; } = [];

    /// <summary>Kinds whose denominator is the number of applicable units in the subtree, from the hierarchy.</summary>
    public bool CountsUnits => Kind is IndicatorKind.Coverage or IndicatorKind.NormShare;

    public bool IsCoverage => Kind == IndicatorKind.Coverage;

    public bool IsCount => Kind == IndicatorKind.Count;

    public bool HasOptions => Options.Count > 0;

    public bool IsSubmittedAt(UnitLevel level) => SubmittedAt.Contains(level);

    /// <summary>The series it has: the total (unless options have no meaningful total), then each option.</summary>
    public IEnumerable<string?> Series() =>
        (HasOptions && !OptionsTotal ? [] : new string?[] { null }).Concat(Options);

    public bool HasSeries(string? option) => option is null ? !HasOptions || OptionsTotal : Options.Contains(option);

    /// <summary>Whether it exists at a unit, given the unit's code followed by its ancestors' codes.</summary>
    public bool AppliesAt(IEnumerable<string> unitThenAncestors) => Scope is null || unitThenAncestors.Contains(Scope);
}
