using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KpiMesh.Grains.Services;

/// <summary>
/// When this process began to stop. Units save and report on their way out for <see cref="SaveBudget"/> (none where
/// state dies with the process), then leave without either: grain state is a cache of the submission log, and a
/// checkpoint round or the next start's replay gives a unit and its parent whatever the skipped work held. Without the
/// cut, a SIGTERM of one of three national processes (~220,000 units) took 77.6 s, past Kubernetes' 30 s grace, and
/// the deactivations Orleans cancelled at the end logged 118,596 <c>fail:</c> entries (bench/national.sh, 2026-11-25).
/// </summary>
public sealed class ProcessStop
{
    /// <summary>A third of the host's default stop timeout (30 s, also Kubernetes' default grace).</summary>
    public static readonly TimeSpan SaveBudget = TimeSpan.FromSeconds(10);

    /// <summary><see cref="Environment.TickCount64"/> when the stop began; 0 while running.</summary>
    private long _stoppedAt;

    public ProcessStop(IHostApplicationLifetime lifetime, IOptions<RollupOptions> options)
    {
        Budget = options.Value.StateOutlivesProcess ? SaveBudget : TimeSpan.Zero;
        lifetime.ApplicationStopping.Register(() => Interlocked.CompareExchange(ref _stoppedAt, Math.Max(1, Environment.TickCount64), 0));
    }

    /// <summary>How long this process saves and reports on its way out: <see cref="SaveBudget"/>, or none where state dies with it.</summary>
    public TimeSpan Budget { get; }

    public bool Stopping => Volatile.Read(ref _stoppedAt) != 0;

    /// <summary>Stopping for longer than <see cref="Budget"/>: units neither save nor report any more.</summary>
    public bool PastBudget
    {
        get
        {
            var at = Volatile.Read(ref _stoppedAt);
            return at != 0 && Environment.TickCount64 - at >= Budget.TotalMilliseconds;
        }
    }
}
