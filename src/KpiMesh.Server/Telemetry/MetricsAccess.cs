using KpiMesh.Server.Hosting;
using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Telemetry;

/// <summary>
/// <c>/metrics</c> names every county's rollups, which the API shows only to their subtree. It is answered without
/// credentials on the management port only (the one Prometheus reaches, outside the public Service); on the public
/// port it needs a principal who may read the whole tree (401 without credentials, 403 for a narrower one).
/// </summary>
internal static class MetricsAccess
{
    public const string Policy = "metrics";

    public static void AddKpiMeshManagement(this WebApplicationBuilder builder)
    {
        var management = builder.Services.AddBoundOptions<ManagementOptions>(builder.Configuration, ManagementOptions.Section);
        builder.Services.AddSingleton<IAuthorizationHandler, MetricsAccessHandler>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddRequirements(new MetricsRequirement()));
        // The management port is one more address beside the public ones (--urls / ASPNETCORE_URLS), so both keep working.
        if (management.Port is { } port)
        {
            var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) is { Length: > 0 } configured ? configured : "http://localhost:5000";
            builder.WebHost.UseUrls($"{urls};http://{management.Host}:{port}");
        }
    }

    public static bool OnManagementPort(HttpContext context, ManagementOptions options) =>
        options.Port is { } port && context.Connection.LocalPort == port;

    private sealed class MetricsRequirement : IAuthorizationRequirement;

    private sealed class MetricsAccessHandler(IOptions<ManagementOptions> options) : AuthorizationHandler<MetricsRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsRequirement requirement)
        {
            if (context.Resource is HttpContext http && OnManagementPort(http, options.Value)) context.Succeed(requirement);
            else if (PrincipalClaims.FromUser(context.User).Principal is { } principal)
            {
                if (AccessPolicy.MetricsDenial(principal) is { } denial) context.Fail(new AuthorizationFailureReason(this, denial));
                else context.Succeed(requirement);
            }
            return Task.CompletedTask;
        }
    }
}
