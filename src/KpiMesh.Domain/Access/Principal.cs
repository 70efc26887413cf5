namespace KpiMesh.Domain.Access;

/// <summary>Who is calling: a name for the audit trail, a role, and the unit whose subtree it may touch.</summary>
/// <param name="Scope">The unit code at the top of the principal's subtree; null for the whole tree.</param>
public sealed record Principal(string Name, Role Role, string? Scope)
{
    /// <summary>The scope that stands for the whole tree in configuration and tokens.</summary>
    public const string WholeTree = "*";
}
