using System.Threading.Channels;
using KpiMesh.Abstractions;
using KpiMesh.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KpiMesh.Server.Services;

/// <summary>
/// Submissions that are in the log but whose grain could not take them (a silo had just died, a call timed out).
/// They are retried here until their grain takes them, so the rollups catch up with the log without the client's
/// help. A crash loses this queue, which is why the reconciler replays the log at start.
/// </summary>
public sealed class PendingApplies(IGrainFactory grains, ILogger<PendingApplies> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly Channel<(string Unit, SubmissionItem[] Items)> _queue = Channel.CreateUnbounded<(string, SubmissionItem[])>();

    public void Enqueue(string unit, SubmissionItem[] items)
    {
        _queue.Writer.TryWrite((unit, items));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (unit, items) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            while (true)
            {
                try
                {
                    await grains.Unit(unit).Submit(items);
                    break;
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Unit {Unit} still cannot take {Count} logged submissions ({Error}); retrying", unit, items.Length, error.Message);
                    await Task.Delay(RetryDelay, stoppingToken);
                }
            }
        }
    }
}
