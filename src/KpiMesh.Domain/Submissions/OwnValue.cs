namespace KpiMesh.Domain.Submissions;

/// <summary>The value a unit itself holds for one series: the latest accepted submission.</summary>
/// <param name="Sequence">Where the submission stands in the submission log; orders submissions for the same period.</param>
public sealed record OwnValue(long Numerator, long Denominator, string Period, string? SubmissionId, long Sequence, DateTimeOffset ReceivedAt);
