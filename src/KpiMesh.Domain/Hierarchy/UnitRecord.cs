namespace KpiMesh.Domain.Hierarchy;

/// <summary>One unit of the hierarchy. <see cref="ParentCode"/> is null only for the root.</summary>
public sealed record UnitRecord(string Code, string Name, UnitLevel Level, string? ParentCode);
