using KpiMesh.Grains.Log;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KpiMesh.Grains.Services;

/// <summary>
/// Keeps the rollups equal to what the durable submission log implies. At every start of a process it replays the
/// log above the recovery checkpoint (whatever crashed before); afterwards, whenever appends failed in doubt (the database dropped mid-statement,
/// so rows may be committed that no grain saw), it replays again once the database answers. Replays are idempotent,
/// so every process doing them is harmless.
/// </summary>
public sealed class RecoveryService(ISubmissionLog log, LogReconciler reconciler, RecoveryStatus status, ILogger<RecoveryService> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!log.IsDurable)
        {
            status.Done(new LogReconciler.Report(0, 0, 0, 0, TimeSpan.Zero));
            return;
        }
        var replayedUpTo = -1L; // in-doubt count already covered by a replay; -1: the start-up replay is due
        while (!stoppingToken.IsCancellationRequested)
        {
            var inDoubt = log.InDoubtAppends;
            if (inDoubt != replayedUpTo)
            {
                try
                {
                    var report = await reconciler.ReconcileAsync(stoppingToken);
                    status.Done(report);
                    replayedUpTo = inDoubt;
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Replaying the submission log failed ({Error}); trying again", error.Message);
                }
            }
            await Task.Delay(CheckInterval, stoppingToken);
        }
    }
}
