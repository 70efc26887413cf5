using KpiMesh.Grains.Log;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KpiMesh.Grains.Services;

/// <summary>
/// At every start of a process with a durable log, replays the log so the rollups equal what it implies, whatever
/// crashed before. Idempotent, so every process doing it at its own start is harmless.
/// </summary>
public sealed class RecoveryService(ISubmissionLog log, LogReconciler reconciler, RecoveryStatus status, ILogger<RecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!log.IsDurable)
        {
            status.Done(new LogReconciler.Report(0, 0, 0, TimeSpan.Zero));
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                status.Done(await reconciler.ReconcileAsync(stoppingToken));
                return;
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Replaying the submission log failed; trying again");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}
