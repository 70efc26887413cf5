namespace KpiMesh.Abstractions;

/// <summary>A validated submission on its way to its unit's grain.</summary>
/// <param name="Sequence">Its place in the submission log, which orders submissions for the same period.</param>
[GenerateSerializer, Immutable, Alias("kpimesh.SubmissionItem")]
public sealed record SubmissionItem(
    string Indicator, string? Option, long Numerator, long Denominator, string Period, string? Id, long Sequence);
