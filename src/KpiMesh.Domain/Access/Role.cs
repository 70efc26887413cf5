namespace KpiMesh.Domain.Access;

/// <summary>What a principal may do inside its subtree; each role includes the ones before it.</summary>
public enum Role
{
    Viewer,
    Submitter,
    Admin,
}

public static class Roles
{
    public static bool TryParse(string? text, out Role role)
    {
        role = default;
        return text is "viewer" or "submitter" or "admin" && Enum.TryParse(text, ignoreCase: true, out role);
    }

    public static string ToWireName(this Role role) => role.ToString().ToLowerInvariant();
}
