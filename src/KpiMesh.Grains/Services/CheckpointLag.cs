using KpiMesh.Grains.Log;
using KpiMesh.Grains.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KpiMesh.Grains.Services;

/// <summary>
/// How far the recovery checkpoint trails the log, as this process knows it, and the write stall that bounds it: a
/// cold start replays every row above the checkpoint, so while more than <see cref="RecoveryOptions.MaxLagRows"/>
/// are there, submissions are refused (the gateway answers 429) until the checkpoint catches up, as a database
/// stalls writes when compaction falls behind. Reads are never refused. The figure is the checkpoint row and the
/// log's sequence, read every <see cref="RefreshInterval"/>, raised at once by this process's own appends and
/// lowered by its own checkpoint commits, so no request waits on the database for it.
/// </summary>
public sealed class CheckpointLag(ISubmissionLog log, IOptions<RecoveryOptions> options, KpiMeshMetrics metrics, ILogger<CheckpointLag> logger)
    : BackgroundService
{
    /// <summary>How often every process reads the lag: one tiny query a second.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>What a refused client is told to wait: the lag is read again within a second, and a round commits in seconds.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    private long _checkpoint, _head;

    /// <summary>Only where a start replays from a checkpoint that moves: durable, checkpoints on, and a bound set.</summary>
    private bool Bounded => log.IsDurable && options.Value.CheckpointInterval > TimeSpan.Zero && options.Value.MaxLagRows > 0;

    /// <summary>Sequence numbers drawn above the checkpoint: the rows a start would replay now, or a few more.</summary>
    public long Rows => Math.Max(0, Interlocked.Read(ref _head) - Interlocked.Read(ref _checkpoint));

    public bool Stalled => Bounded && Rows > options.Value.MaxLagRows;

    /// <exception cref="IngestStalledException">The log is too far ahead of the checkpoint: nothing may be appended now.</exception>
    public void ThrowIfStalled()
    {
        if (Stalled) throw new IngestStalledException(Rows, options.Value.MaxLagRows, RetryAfter);
    }

    /// <summary>This process appended up to <paramref name="sequence"/>: counted before the next read of the log.</summary>
    public void Appended(long sequence) => RaiseTo(ref _head, sequence);

    /// <summary>This process committed the checkpoint at <paramref name="sequence"/>.</summary>
    public void Advanced(long sequence) => RaiseTo(ref _checkpoint, sequence);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Read wherever there is a checkpoint to trail, bound or not: the gauge tells operators what a start would replay.
        if (!log.IsDurable) return;
        metrics.ObserveCheckpointLag(() => Rows);
        using var timer = new PeriodicTimer(RefreshInterval);
        do
        {
            try
            {
                var (checkpoint, head) = await log.ReadLagAsync(stoppingToken);
                Advanced(checkpoint);
                Appended(head);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is unreachable: appends fail with 503 meanwhile, so the last figure may stay.
                logger.LogDebug("The checkpoint lag could not be read ({Error})", error.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static void RaiseTo(ref long field, long value)
    {
        for (var seen = Interlocked.Read(ref field); value > seen; seen = Interlocked.Read(ref field))
            if (Interlocked.CompareExchange(ref field, value, seen) == seen) return;
    }
}
