namespace KpiMesh.Domain.Submissions;

/// <summary>The value a unit itself holds for one series: the latest accepted submission.</summary>
public sealed record OwnValue(long Numerator, long Denominator, string Period, string? SubmissionId, DateTimeOffset ReceivedAt);
