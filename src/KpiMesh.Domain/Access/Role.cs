namespace KpiMesh.Domain.Access;

/// <summary>What a principal may do inside its subtree; each role includes the ones before it.</summary>
public enum Role
{
    Viewer,
    Submitter,

    /// <summary>Also moves the reporting periods of the units below its own through approval (seed 001: 复核).</summary>
    Approver,
    Admin,
}

public static class Roles
{
    public static bool TryParse(string? text, out Role role)
    {
        role = default;
        return text is "viewer" or "submitter" or "approver" or "admin" && Enum.TryParse(text, ignoreCase: true, out role);
    }

    public static string ToWireName(this Role role) => role.ToString().ToLowerInvariant();
}
