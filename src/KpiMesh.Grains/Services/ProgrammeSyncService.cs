using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KpiMesh.Grains.Services;

/// <summary>
/// Keeps this silo's programme current even when nobody reads through it, so a change made through another silo
/// re-judges what this silo's grains build and its live viewers see within <see cref="ProgrammeCache.MaxAge"/>.
/// </summary>
public sealed class ProgrammeSyncService(ProgrammeCache programmes, ILogger<ProgrammeSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ProgrammeCache.MaxAge);
        do
        {
            try { await programmes.RefreshAsync(); }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // Normal while the silo is still joining the cluster.
                logger.LogDebug(error, "Programme refresh failed; will retry");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
