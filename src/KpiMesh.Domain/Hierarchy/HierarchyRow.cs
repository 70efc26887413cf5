namespace KpiMesh.Domain.Hierarchy;

/// <summary>One data line of a hierarchy CSV, before validation. <see cref="Line"/> is 1-based, header included.</summary>
public sealed record HierarchyRow(int Line, string Code, string Name, string Level, string ParentCode);
