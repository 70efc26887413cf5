using KpiMesh.Grains.Log;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Microsoft.Extensions.Logging;

namespace KpiMesh.Grains.Services;

/// <summary>
/// Keeps the rollups equal to what the durable submission log implies. At every start of a process it replays the
/// log above the recovery checkpoint (whatever crashed before); afterwards, whenever appends failed in doubt (the database dropped mid-statement,
/// so rows may be committed that no grain saw), it replays again once the database answers. Replays are idempotent,
/// so every process doing them is harmless. A process that joins silos already serving is ready before its replay
/// ends (<see cref="RecoveryStatus.JoinedLiveCluster"/>); a cold start of the service waits for it.
/// </summary>
public sealed class RecoveryService(ISubmissionLog log, LogReconciler reconciler, RecoveryStatus status, IClusterMembershipService membership,
    ILocalSiloDetails silo, ILogger<RecoveryService> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!log.IsDurable)
        {
            status.Done(new LogReconciler.Report(0, 0, 0, 0, TimeSpan.Zero));
            return;
        }
        if (await JoinsServingSilosAsync(stoppingToken)) status.Joined();
        var replayedUpTo = -1L; // in-doubt count already covered by a replay; -1: the start-up replay is due
        while (!stoppingToken.IsCancellationRequested)
        {
            var inDoubt = log.InDoubtAppends;
            if (inDoubt != replayedUpTo)
            {
                try
                {
                    var report = await reconciler.ReconcileAsync(status.JoinedLiveCluster || status.IsDone, stoppingToken);
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

    /// <summary>
    /// Whether other silos were active when this one joined (a restart into a running cluster, not a cold start of
    /// the service). Waits for this silo to be active in the membership view, at most <see cref="JoinWait"/>.
    /// </summary>
    private async Task<bool> JoinsServingSilosAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(JoinWait);
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(timeout.Token))
            {
                if (snapshot.GetSiloStatus(silo.SiloAddress) != SiloStatus.Active) continue;
                return snapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(silo.SiloAddress));
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { }
        return false;
    }

    private static readonly TimeSpan JoinWait = TimeSpan.FromSeconds(60);
}
