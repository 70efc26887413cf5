namespace KpiMesh.Domain.Rollups;

/// <summary>
/// Sums for one series over a subtree. Counts are whole numbers held as longs, so sums are exact and the order in
/// which children arrive can never change a result.
/// </summary>
/// <param name="Reported">How many units of the subtree have submitted a value for this series.</param>
public readonly record struct RollupCell(long Numerator, long Denominator, int Reported)
{
    public static RollupCell operator +(RollupCell a, RollupCell b) =>
        new(a.Numerator + b.Numerator, a.Denominator + b.Denominator, a.Reported + b.Reported);

    public bool IsEmpty => Numerator == 0 && Denominator == 0 && Reported == 0;
}
