namespace KpiMesh.Domain.Rollups;

/// <summary>
/// Sums for one series over a subtree. Counts are whole numbers held as longs, so sums are exact and the order in
/// which children arrive can never change a result.
/// </summary>
/// <param name="Reported">How many units of the subtree have submitted a value for this series.</param>
/// <param name="Previous">
/// For count indicators: the same sum taken over each unit's previous period (a unit with only one period counts
/// its current value), so "the red count rose since the last period" can be read at any level.
/// </param>
public readonly record struct RollupCell(long Numerator, long Denominator, int Reported, long Previous = 0)
{
    public static RollupCell operator +(RollupCell a, RollupCell b) =>
        new(a.Numerator + b.Numerator, a.Denominator + b.Denominator, a.Reported + b.Reported, a.Previous + b.Previous);

    public static RollupCell operator -(RollupCell a, RollupCell b) =>
        new(a.Numerator - b.Numerator, a.Denominator - b.Denominator, a.Reported - b.Reported, a.Previous - b.Previous);

    public bool IsEmpty => Numerator == 0 && Denominator == 0 && Reported == 0 && Previous == 0;

    public bool Rose => Numerator > Previous;
}
