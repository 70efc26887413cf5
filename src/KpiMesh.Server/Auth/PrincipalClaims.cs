using System.Security.Claims;
using KpiMesh.Domain.Access;

namespace KpiMesh.Server.Auth;

/// <summary>How a <see cref="Principal"/> travels in claims: the same names for API keys and for bearer tokens.</summary>
public static class PrincipalClaims
{
    public const string Role = "role";
    public const string Unit = "unit";
    public const string Name = "sub";
    public const int MaxNameLength = 128;

    public static ClaimsPrincipal ToUser(Principal principal, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(Name, principal.Name),
        new Claim(Role, principal.Role.ToWireName()),
        new Claim(Unit, principal.Scope ?? Principal.WholeTree),
    ], scheme, Name, Role));

    /// <summary>The principal a signed-in user stands for, or why it stands for none (a token without a role or unit).</summary>
    public static (Principal? Principal, string? Error) FromUser(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true }) return (null, "not signed in");
        var name = user.FindFirst(Name)?.Value ?? user.Identity.Name ?? "unnamed";
        if (name.Length > MaxNameLength) name = name[..MaxNameLength]; // the audit trail keeps names of this length
        if (!Roles.TryParse(user.FindFirst(Role)?.Value, out var role)) return (null, $"the credentials carry no role claim ({Roles.WireNames})");
        var unit = user.FindFirst(Unit)?.Value;
        if (string.IsNullOrEmpty(unit)) return (null, "the credentials carry no unit claim (a unit code, or * for the whole tree)");
        return (new Principal(name, role, unit == Principal.WholeTree ? null : unit), null);
    }
}
