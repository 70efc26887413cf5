namespace KpiMesh.Abstractions;

/// <summary>A validated submission on its way to its unit's grain.</summary>
[GenerateSerializer, Immutable, Alias("kpimesh.SubmissionItem")]
public sealed record SubmissionItem(
    [property: Id(0)] string Indicator,
    [property: Id(1)] string? Option,
    [property: Id(2)] long Numerator,
    [property: Id(3)] long Denominator,
    [property: Id(4)] string Period,
    [property: Id(5)] string? Id);
