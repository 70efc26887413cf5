namespace KpiMesh.Domain.Submissions;

/// <summary>
/// One submission as the client sent it, before judgement. Numbers arrive as doubles so that non-finite,
/// fractional or negative values can be named in the rejection rather than failing the whole request.
/// </summary>
public sealed record SubmissionInput(
    string? Unit, string? Indicator, string? Option, double? Numerator, double? Denominator, string? Period, string? Id);
