namespace KpiMesh.Domain.Access;

/// <summary>
/// What a principal may do inside its subtree. Viewer, submitter, approver and admin each include the ones before them; an
/// assessor reads and scores applications on site (seed 001's 实地考察…量化打分) but submits nothing for any unit,
/// and nobody else may enter on-site scores or decide a naming.
/// </summary>
public enum Role
{
    Viewer,
    Submitter,

    /// <summary>Also moves the reporting periods of the units below its own through approval (seed 001: 复核).</summary>
    Approver,
    Admin,
    Assessor,
}

public static class Roles
{
    public const string WireNames = "viewer, submitter, approver, admin or assessor";

    public static bool TryParse(string? text, out Role role)
    {
        role = default;
        return text is "viewer" or "submitter" or "approver" or "admin" or "assessor" && Enum.TryParse(text, ignoreCase: true, out role);
    }

    public static string ToWireName(this Role role) => role.ToString().ToLowerInvariant();

    /// <summary>Whether a principal of this role may do what <paramref name="needed"/> may.</summary>
    public static bool Includes(this Role role, Role needed) => role == needed
        || (role is not Role.Assessor && needed is not Role.Assessor && role > needed)
        || (role is Role.Assessor && needed is Role.Viewer);
}
