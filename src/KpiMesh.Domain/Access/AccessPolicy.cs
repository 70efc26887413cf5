using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Access;

/// <summary>
/// Who may do what where (DOMAIN.md "Confidentiality"): a county submits for its own units only, a city leader reads
/// only their city. Returns the reason for a refusal, or null when allowed.
/// </summary>
public static class AccessPolicy
{
    public static Role Needed(Permission permission) => permission switch
    {
        Permission.Read => Role.Viewer,
        Permission.Submit => Role.Submitter,
        Permission.Approve => Role.Approver,
        _ => Role.Admin,
    };

    /// <param name="directory">The hierarchy; a unit it does not hold is outside every scoped principal's subtree.</param>
    public static string? Denial(Principal principal, Permission permission, string unit, UnitDirectory directory)
    {
        if (RoleDenial(principal, permission) is { } weak) return weak;
        if (principal.Scope is null) return null;
        if (WholeTreeOnly(permission) is { } whole) return whole;
        if (unit == principal.Scope || directory.Ancestors(unit).Any(a => a.Code == principal.Scope)) return null;
        return $"unit {unit} is outside your subtree ({principal.Scope})";
    }

    /// <summary>The check that needs no unit (the hierarchy, the catalog).</summary>
    public static string? RoleDenial(Principal principal, Permission permission)
    {
        var needed = Needed(permission);
        if (!principal.Role.Includes(needed)) return $"role {principal.Role.ToWireName()} may not {Verb(permission)} (needs {needed.ToWireName()})";
        if (principal.Scope is not null && WholeTreeOnly(permission) is { } whole) return whole;
        return null;
    }

    /// <summary>
    /// The metrics publish every county's rollups by name, and a scrape cannot be cut to a subtree: only a principal
    /// who may read the whole tree may read them on the public port.
    /// </summary>
    public static string? MetricsDenial(Principal principal) =>
        RoleDenial(principal, Permission.Read)
        ?? (principal.Scope is null ? null : $"the metrics cover the whole tree; your credentials cover only {principal.Scope}");

    /// <summary>Whether a unit may appear in what the principal reads (search results).</summary>
    public static bool CanSee(Principal principal, string unit, UnitDirectory directory) => Denial(principal, Permission.Read, unit, directory) is null;

    private static string? WholeTreeOnly(Permission permission) => permission switch
    {
        Permission.ChangeHierarchy => "changing the hierarchy needs an admin of the whole tree",
        Permission.ChangeProgramme => "changing the whole programme or the unit attributes needs an admin of the whole tree (a subtree's admin changes its part: PUT /api/v1/units/{code}/programme)",
        _ => null,
    };

    private static string Verb(Permission permission) => permission switch
    {
        Permission.Read => "read",
        Permission.Submit => "submit",
        Permission.Approve => "approve",
        Permission.Administer => "administer a subtree",
        Permission.ChangeProgramme => "change the programme",
        _ => "change the hierarchy",
    };
}
