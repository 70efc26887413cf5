using KpiMesh.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KpiMesh.Server.Hosting;

/// <summary>Ready when the hierarchy grain answers: the cluster is up and grain calls go through.</summary>
internal sealed class ClusterReadyCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetVersion().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"hierarchy version {version}");
        }
        catch (Exception error)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer", error);
        }
    }
}
