using KpiMesh.Grains.Services;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KpiMesh.Server.Hosting;

/// <summary>
/// Not ready until this process has replayed the submission log, so a load balancer sends it no reads of stale rollups,
/// unless it joined silos that were already serving: they answer for the same grains meanwhile, so waiting would only
/// make a rolling restart slow (a national replay above a lagging checkpoint took minutes, bench/national.sh).
/// </summary>
internal sealed class RecoveryReadyCheck(RecoveryStatus recovery) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["joinedServingCluster"] = recovery.JoinedLiveCluster, ["replayDone"] = recovery.IsDone };
        return Task.FromResult(recovery.IsDone
            ? HealthCheckResult.Healthy($"replayed {recovery.Completion.Result.Rows} log rows above checkpoint {recovery.Completion.Result.Checkpoint} in {recovery.Completion.Result.Took.TotalSeconds:F1} s", data)
            : recovery.JoinedLiveCluster
                ? HealthCheckResult.Healthy("joined a serving cluster; replaying the submission log in the background", data)
                : HealthCheckResult.Unhealthy("replaying the submission log", data: data));
    }
}
