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
    /// Plain counts (cases by warning colour). There is no denominator; the value shown is the count itself, and each
    /// unit's count for its previous period is carried alongside so a rise can be seen at every level.
    /// </summary>
    Count,
}
