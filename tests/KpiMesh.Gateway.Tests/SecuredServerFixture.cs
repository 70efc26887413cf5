using Microsoft.Extensions.DependencyInjection;

namespace KpiMesh.Gateway.Tests;

/// <summary>A server with API keys and a JWT issuer configured: no open access, every principal scoped.</summary>
public class SecuredServerFixture : ServerFixture
{
    public const string Admin = "admin-key-0123456789abcdef";
    public const string CountySubmitter = "submit-130102-0123456789";
    public const string OtherCountyViewer = "viewer-130104-0123456789";
    public const string CountyAdmin = "admin-130102-0123456789ab";
    public const string CityViewer = "viewer-1301-0123456789abc";
    public const string Revoked = "revoked-130102-0123456789";
    public const string ProvinceAssessor = "assess-13-0123456789abcdef";
    public const string CityAssessor = "assess-1301-0123456789abcd";
    public const string CountyAssessor = "assess-130102-0123456789ab";
    public const string OtherCountyAssessor = "assess-130104-0123456789ab";
    public const string JwtIssuer = "https://idp.example.test";
    public const string JwtAudience = "kpimesh";
    public const string JwtSigningKey = "a-shared-signing-key-of-more-than-32-bytes";

    public override string? AdminKey => Admin;

    protected override string[] ExtraArguments =>
    [
        "--ADMIN_KEY", Admin,
        .. Key(0, "county-130102-submitter", CountySubmitter, "submitter", "130102"),
        .. Key(1, "county-130104-viewer", OtherCountyViewer, "viewer", "130104"),
        .. Key(2, "county-130102-admin", CountyAdmin, "admin", "130102"),
        .. Key(3, "city-1301-viewer", CityViewer, "viewer", "1301"),
        .. Key(4, "old-script", Revoked, "submitter", "130102"), "--Auth:ApiKeys:4:Revoked", "true",
        .. Key(5, "province-assessor", ProvinceAssessor, "assessor", "13"),
        .. Key(6, "city-1301-assessor", CityAssessor, "assessor", "1301"),
        .. Key(7, "county-130102-assessor", CountyAssessor, "assessor", "130102"),
        .. Key(8, "county-130104-assessor", OtherCountyAssessor, "assessor", "130104"),
        "--Auth:Jwt:Issuer", JwtIssuer, "--Auth:Jwt:Audience", JwtAudience, "--Auth:Jwt:SigningKey", JwtSigningKey,
        .. MoreArguments,
    ];

    protected virtual string[] MoreArguments => [];

    private static string[] Key(int index, string name, string key, string role, string unit) =>
    [
        $"--Auth:ApiKeys:{index}:Name", name, $"--Auth:ApiKeys:{index}:Key", key,
        $"--Auth:ApiKeys:{index}:Role", role, $"--Auth:ApiKeys:{index}:Unit", unit,
    ];
}

/// <summary>The same, with a clock a test can move forward (rectification deadlines).</summary>
public sealed class MovableClockServerFixture : SecuredServerFixture
{
    public MovableClock Clock { get; } = new();

    protected override void Configure(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>The system clock plus an offset the test sets.</summary>
public sealed class MovableClock : TimeProvider
{
    public TimeSpan Ahead { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Ahead;
}

/// <summary>The same, with limits small enough to reach in a test.</summary>
public sealed class RateLimitedServerFixture : SecuredServerFixture
{
    protected override string[] MoreArguments => ["--Limits:RequestsPerSecond", "2", "--Limits:Burst", "10", "--Limits:StreamsPerPrincipal", "2"];
}
