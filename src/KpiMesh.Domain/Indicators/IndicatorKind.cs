using KpiMesh.Domain.Text;

namespace KpiMesh.Domain.Indicators;

public enum IndicatorKind
{
    /// <summary>
    /// Yes/no per unit ("has a counselling room"). The denominator is the number of applicable units in the
    /// subtree from the hierarchy, so a unit that never reported counts as "not built".
    /// </summary>
    Coverage,

    /// <summary>Counts submitted by a unit (surveyed, managed, treated...), summed as numerators and denominators.</summary>
    Ratio,

    /// <summary>
    /// A count per head of a unit attribute ("professionals per 100,000 population"): units submit the numerator only;
    /// the denominator is the attribute summed over the subtree (e.g. resident population), and the value is scaled.
    /// </summary>
    PerPopulation,

    /// <summary>
    /// Plain counts (cases by warning colour, crisis teams, trainings). There is no denominator; the value shown is the
    /// count itself, and each unit's count for its previous period is carried alongside so a rise can be seen at every level.
    /// </summary>
    Count,

    /// <summary>
    /// A norm each unit must meet on its own ("1 psychology teacher per 4,000 students" for every university): a unit
    /// submits both figures and the rollup is the share of applicable units that meet the norm, never a pooled ratio
    /// (a pool can look met while most units fall short).
    /// </summary>
    NormShare,
}

public static class IndicatorKinds
{
    public static IReadOnlyCollection<string> WireNames => WireNames<IndicatorKind>.All;

    public static string ToWireName(this IndicatorKind kind) => WireNames<IndicatorKind>.Of(kind);

    public static bool TryParse(string? wireName, out IndicatorKind kind) => WireNames<IndicatorKind>.TryParse(wireName, out kind);
}
