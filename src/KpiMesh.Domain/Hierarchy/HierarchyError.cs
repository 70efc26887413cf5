namespace KpiMesh.Domain.Hierarchy;

/// <summary>Why a hierarchy file was refused, with the line that shows it (0 when it concerns the whole file).</summary>
public sealed record HierarchyError(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}
