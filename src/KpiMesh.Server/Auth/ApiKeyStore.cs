using System.Security.Cryptography;
using System.Text;
using KpiMesh.Domain.Access;
using KpiMesh.Domain.Hierarchy;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Auth;

/// <summary>
/// The configured API keys, held by their SHA-256 so a key is never compared character by character. KPIMESH_ADMIN_KEY
/// adds an admin of the whole tree. With nothing configured the server is "open": a key is made up at start so
/// callers from other hosts can still get in, and loopback callers need none.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly Dictionary<string, (Principal Principal, bool Revoked)> _byHash = new(StringComparer.Ordinal);

    public ApiKeyStore(IOptions<AuthOptions> options)
    {
        var settings = options.Value;
        foreach (var entry in settings.ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(entry.Key) || entry.Key.Length < MinKeyLength)
                throw new InvalidOperationException($"Auth:ApiKeys '{entry.Name}': a key needs at least {MinKeyLength} characters");
            if (!Roles.TryParse(entry.Role, out var role)) throw new InvalidOperationException($"Auth:ApiKeys '{entry.Name}': role must be {Roles.WireNames}");
            if (entry.Unit != Principal.WholeTree && !UnitCode.IsWellFormed(entry.Unit))
                throw new InvalidOperationException($"Auth:ApiKeys '{entry.Name}': unit must be a unit code or *");
            _byHash[Hash(entry.Key)] = (new Principal(entry.Name, role, entry.Unit == Principal.WholeTree ? null : entry.Unit), entry.Revoked);
        }
        if (settings.AdminKey is { Length: > 0 } adminKey) _byHash[Hash(adminKey)] = (new Principal("admin-key", Role.Admin, null), false);

        IsOpen = _byHash.Count == 0 && !settings.Jwt.IsConfigured && settings.AllowOpenOnLoopback;
        if (_byHash.Count == 0)
        {
            GeneratedAdminKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            _byHash[Hash(GeneratedAdminKey)] = (new Principal("generated-admin-key", Role.Admin, null), false);
        }
    }

    public const int MinKeyLength = 16;

    /// <summary>Loopback callers without credentials are served as admin (nothing was configured).</summary>
    public bool IsOpen { get; }

    /// <summary>The admin key made up at start when none was configured; printed once in the start-up banner.</summary>
    public string? GeneratedAdminKey { get; }

    public static Principal OpenLoopback { get; } = new("anonymous@loopback", Role.Admin, null);

    public (Principal? Principal, string? Error) Find(string key)
    {
        if (key.Length > 512 || !_byHash.TryGetValue(Hash(key), out var found)) return (null, "the API key is not known");
        return found.Revoked ? (null, $"the API key '{found.Principal.Name}' has been revoked") : (found.Principal, null);
    }

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
