namespace KpiMesh.Domain.Rollups;

/// <summary>One rolled-up series: an indicator, and one of its options or null for the indicator's total.</summary>
public readonly record struct RollupKey(string Indicator, string? Option)
{
    public override string ToString() => Option is null ? Indicator : $"{Indicator}/{Option}";
}
