using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KpiMesh.Grains;

/// <summary>
/// Keeps this silo's directory close to the hierarchy even when nobody asks for an unknown code, so units imported
/// through another silo show up here within <see cref="Interval"/>.
/// </summary>
public sealed class DirectorySyncService(SiloUnitDirectory directory, ILogger<DirectorySyncService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try { await directory.SyncAsync(); }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // Normal while the silo is still joining the cluster.
                logger.LogDebug(error, "Directory sync failed; will retry");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
