namespace KpiMesh.Domain.Targets;

/// <summary>A value to reach by a day ("50% by 2020-12-31").</summary>
public sealed record Milestone(DateOnly Due, double Value);
