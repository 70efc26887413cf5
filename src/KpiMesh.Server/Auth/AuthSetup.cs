using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.Tokens;
using KpiMesh.Server.Hosting;

namespace KpiMesh.Server.Auth;

/// <summary>Authentication (API keys, JWT bearer), authorisation, rate limits and timeouts: ASP.NET Core's own machinery.</summary>
internal static class AuthSetup
{
    private const string Selector = "KpiMesh";
    public const string StreamsPolicy = "streams";
    public const string ImportTimeoutPolicy = "import";

    public static void AddKpiMeshAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // KPIMESH_ADMIN_KEY reaches configuration as ADMIN_KEY (the server reads KPIMESH_-prefixed variables).
        var jwt = services.AddBoundOptions<AuthOptions>(builder.Configuration, AuthOptions.Section,
            (o, configuration) => o.AdminKey = configuration["ADMIN_KEY"] is { Length: > 0 } adminKey ? adminKey : o.AdminKey).Jwt;
        // The rate limiter and timeouts are set up now, from the same values the endpoints are given later.
        var limits = services.AddBoundOptions<LimitOptions>(builder.Configuration, LimitOptions.Section);
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        var authentication = services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "API key or bearer token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && jwt.IsConfigured
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        if (jwt.IsConfigured)
            authentication.AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                if (!string.IsNullOrEmpty(jwt.Authority)) o.Authority = jwt.Authority;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = string.IsNullOrEmpty(jwt.SigningKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
                    NameClaimType = PrincipalClaims.Name,
                    RoleClaimType = PrincipalClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        services.AddAuthorization();

        services.AddRequestTimeouts(o =>
        {
            o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = limits.RequestTimeout, TimeoutStatusCode = StatusCodes.Status504GatewayTimeout };
            o.AddPolicy(ImportTimeoutPolicy, limits.ImportTimeout);
        });

        services.AddRateLimiter(o =>
        {
            // One bucket per principal (per remote address for callers not signed in), so one noisy county cannot
            // starve the others; health and metrics are never limited, so probes see the truth under load.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                limits.RequestsPerSecond <= 0 || !context.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limits.Burst,
                        TokensPerPeriod = limits.RequestsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            o.AddPolicy(StreamsPolicy, context => RateLimitPartition.GetConcurrencyLimiter(PartitionKey(context),
                _ => new ConcurrencyLimiterOptions { PermitLimit = limits.StreamsPerPrincipal, QueueLimit = 0 }));
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var isStream = rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == StreamsPolicy;
                await Results.Problem(isStream
                        ? $"at most {limits.StreamsPerPrincipal} live streams are open per principal; close one first"
                        : $"more than {limits.RequestsPerSecond} requests per second (bursts of {limits.Burst}) from one principal; retry after the Retry-After seconds",
                    title: "Too many requests", statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(rejected.HttpContext);
            };
        });
    }

    private static string PartitionKey(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true } ? "p:" + context.User.FindFirst(PrincipalClaims.Name)?.Value
            : "ip:" + (context.Connection.RemoteIpAddress ?? IPAddress.None);

    public static void UseKpiMeshAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.UseAuthorization();
    }
}
