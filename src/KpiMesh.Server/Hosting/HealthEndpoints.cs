using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace KpiMesh.Server.Hosting;

internal static class HealthEndpoints
{
    /// <summary>Live: the process answers (no dependencies, so a slow database never restarts pods). Ready: the cluster serves.</summary>
    public static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
    }
}
