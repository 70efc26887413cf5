namespace KpiMesh.Domain.Submissions;

/// <summary>The value a unit itself holds for one series: the latest accepted submission.</summary>
/// <param name="Sequence">Where the submission stands in the submission log; orders submissions for the same period.</param>
/// <param name="Previous">The latest value for an earlier period, so a rise since the last period can be told.</param>
public sealed record OwnValue(
    long Numerator, long Denominator, string Period, string? SubmissionId, long Sequence, DateTimeOffset ReceivedAt, PriorValue? Previous = null);

/// <summary>The value a unit held for the period before the one it holds now.</summary>
public sealed record PriorValue(long Numerator, string Period, long Sequence);
