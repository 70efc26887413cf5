namespace KpiMesh.Server.Auth;

/// <summary>Configuration section <c>Auth</c>. See the README's "Access" section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>API keys (for scripts and the embedded default); each is a principal with a role and a subtree.</summary>
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    /// <summary>Bearer tokens from an external identity provider.</summary>
    public JwtSettings Jwt { get; set; } = new();

    /// <summary>
    /// With no key and no token issuer configured, serve anonymous callers as admin, but only callers on loopback.
    /// A caller from any other address is refused whatever this says.
    /// </summary>
    public bool AllowOpenOnLoopback { get; set; } = true;

    /// <summary>An admin key for the whole tree: <c>KPIMESH_ADMIN_KEY</c> (read as <c>ADMIN_KEY</c>) or <c>Auth:AdminKey</c>.</summary>
    public string? AdminKey { get; set; }
}

public sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
    public string Role { get; set; } = "viewer";

    /// <summary>The top of the subtree; "*" for the whole tree.</summary>
    public string Unit { get; set; } = "";

    /// <summary>A revoked key is refused with its own message, so its holder knows to ask for a new one.</summary>
    public bool Revoked { get; set; }
}

public sealed class JwtSettings
{
    public string? Issuer { get; set; }
    public string? Audience { get; set; }

    /// <summary>An HMAC key of at least 32 bytes (HS256), for providers that sign with a shared secret.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OpenID Connect authority whose published keys sign the tokens (instead of <see cref="SigningKey"/>).</summary>
    public string? Authority { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(Issuer) && !string.IsNullOrEmpty(Audience)
        && (!string.IsNullOrEmpty(SigningKey) || !string.IsNullOrEmpty(Authority));
}
