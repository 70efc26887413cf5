using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace KpiMesh.Grains.Services;

/// <summary>
/// When this process began to stop. Units save and report on their way out for <see cref="Budget"/> (none where
/// state dies with the process), then leave without either: grain state is a cache of the submission log, and a
/// checkpoint round or the next start's replay gives a unit and its parent whatever the skipped work held. Without the
/// cut, a SIGTERM of one of three national processes (~220,000 units) took 77.6 s, past Kubernetes' 30 s grace, and
/// the deactivations Orleans cancelled at the end logged 118,596 <c>fail:</c> entries (bench/national.sh, 2026-11-25).
/// The whole stop is bounded by <see cref="StopOptions.Timeout"/> (README "Stopping").
/// </summary>
public sealed class ProcessStop : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>1 once the stop began.</summary>
    private int _stopping;

    /// <summary>
    /// Cancelled <see cref="Budget"/> after the stop began (at once where the budget is none): from then on units
    /// neither save nor report (<see cref="PastBudget"/>), and one still doing so on its way out stops waiting. Never
    /// disposed: a singleton that units may still ask while the host is disposing its services.
    /// </summary>
    private readonly CancellationTokenSource _budgetSpent = new();

    private readonly TimeSpan _leaveBudget;

    /// <summary>Reports sent to a parent and not yet answered (<see cref="Report"/>).</summary>
    private int _reportsInFlight;

    private readonly IClusterMembershipService _membership;
    private readonly SiloAddress _silo;

    public ProcessStop(IHostApplicationLifetime lifetime, IOptions<RollupOptions> rollup, IOptions<StopOptions> options,
        IClusterMembershipService membership, ILocalSiloDetails silo)
    {
        (_membership, _silo) = (membership, silo.SiloAddress);
        _leaveBudget = options.Value.SaveBudget;
        Budget = rollup.Value.StateOutlivesProcess ? options.Value.SaveBudget : TimeSpan.Zero;
        lifetime.ApplicationStopping.Register(() =>
        {
            if (Interlocked.Exchange(ref _stopping, 1) != 0) return;
            if (Budget == TimeSpan.Zero) _budgetSpent.Cancel();
            else _budgetSpent.CancelAfter(Budget);
        });
    }

    /// <summary>How long this process saves and reports on its way out: <see cref="StopOptions.SaveBudget"/>, or none where state dies with it.</summary>
    public TimeSpan Budget { get; }

    public bool Stopping => Volatile.Read(ref _stopping) != 0;

    /// <summary>Stopping for longer than <see cref="Budget"/>: units neither save nor report any more.</summary>
    public bool PastBudget => _budgetSpent.IsCancellationRequested;

    /// <summary>
    /// Whether a report to a parent can still land on a unit that stays: while this process stops, only if another silo
    /// is active. On the last one, the parents are being deactivated here too, and a report made Orleans try to place
    /// the parent again with nowhere to go (an error entry each, and Polly's). Its reports are pending in the saved
    /// state and the checkpoint, or the replay at the next start, sends them.
    /// </summary>
    public bool ReportsLand =>
        !Stopping || _membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(_silo));

    /// <summary>Counts one report to a parent until it is disposed (when the parent answered or the call failed).</summary>
    public ReportInFlight Report()
    {
        Interlocked.Increment(ref _reportsInFlight);
        return new ReportInFlight(this);
    }

    public readonly struct ReportInFlight(ProcessStop stop) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref stop._reportsInFlight);
    }

    /// <summary>Before Orleans deactivates the grains (its stage <c>Active</c> stops before <c>GrainDeactivation</c>).</summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ProcessStop), ServiceLifecycleStage.Active, _ => Task.CompletedTask, ReportsLandedAsync);

    /// <summary>
    /// On the last silo, waits (up to <see cref="StopOptions.SaveBudget"/>) for the reports sent before the stop began
    /// to be answered; no new ones are sent there (<see cref="ReportsLand"/>). A report still queued at its parent when
    /// Orleans deactivates the parent is forwarded to a new activation, and with no silo left to place it on, the sender
    /// warned "could not report to its parent; retrying" (and Orleans logged <c>Failed to address message ... ReportChild</c>
    /// at a level the server hides): hundreds in a test that stops a silo right after its load, SiloStopTests. Reports
    /// take milliseconds, so the wait does too.
    /// Elsewhere the parent's new activation on a silo that stays takes the report.
    /// </summary>
    private async Task ReportsLandedAsync(CancellationToken cancellationToken)
    {
        if (ReportsLand) return;
        var deadline = DateTime.UtcNow + _leaveBudget;
        while (Volatile.Read(ref _reportsInFlight) > 0 && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            await Task.Delay(10, CancellationToken.None);
    }

    /// <summary>
    /// For one unit on its way out (any deactivation, not only a stop's): cancelled after <see cref="StopOptions.SaveBudget"/>,
    /// or once the stop's budget is spent, whichever comes first. Many units can leave at once at other times too (with
    /// Orleans' default grain directory, the others deactivated every unit whose directory entry a dead silo held, a
    /// third of a national process's ~220,000), and these too must leave before Orleans' deactivation timeout cancels them.
    /// </summary>
    public CancellationTokenSource Leaving()
    {
        var leaving = CancellationTokenSource.CreateLinkedTokenSource(_budgetSpent.Token);
        leaving.CancelAfter(_leaveBudget);
        return leaving;
    }
}
