namespace KpiMesh.Abstractions;

/// <summary>A validated submission on its way to its unit's grain.</summary>
/// <param name="Sequence">Its place in the submission log, which orders submissions for the same period.</param>
[GenerateSerializer, Immutable, Alias("kpimesh.SubmissionItem")]
public sealed record SubmissionItem(
    [property: Id(0)] string Indicator,
    [property: Id(1)] string? Option,
    [property: Id(2)] long Numerator,
    [property: Id(3)] long Denominator,
    [property: Id(4)] string Period,
    [property: Id(5)] string? Id,
    [property: Id(6)] long Sequence);
