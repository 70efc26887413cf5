using KpiMesh.Abstractions;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;
using KpiMesh.Grains.Services;
using KpiMesh.Grains.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Core;
using Orleans.Utilities;

namespace KpiMesh.Grains;

/// <summary>
/// One unit of the hierarchy. It applies its own submissions, keeps the latest contribution of each child, and
/// reports its subtree's total to its parent at most once per flush interval (<see cref="RollupOptions.FlushIntervalAt"/>).
/// Reports only ever flow upwards (child awaits parent), so the non-reentrant grains cannot deadlock.
/// The grain coordinates; the rules and the bookkeeping live beside it: the domain's <see cref="SubmissionRules"/> and
/// <see cref="SubtreeRollup"/>, <see cref="FlushSchedule"/> (when to report), <see cref="UnitHistory"/> (the daily
/// history and its stored form), <see cref="UnitTelemetry"/> (lag and gauges) and Orleans' observer manager.
/// </summary>
public sealed class UnitGrain(
    SiloUnitDirectory directory,
    ProgrammeCache programmes,
    IOptions<RollupOptions> options,
    TimeProvider clock,
    UnitTelemetry telemetry,
    ProcessStop stop,
    ILogger<UnitGrain> logger) : Grain, IUnitGrain
{
    private readonly SubtreeRollup _rollup = new();
    private readonly AlertRollup _alerts = new();
    private readonly Dictionary<RollupKey, OwnValue> _own = new();
    private UnitRecord _unit = null!;
    private IStorage<UnitState> _state = null!;

    /// <summary>
    /// The parent's grain reference, made once per activation: making one creates a proxy and its argument copiers
    /// through the container (2% of the bytes and of the CPU under ingest), and a unit reports up to 40 times a second.
    /// </summary>
    private IUnitGrain? _parent;

    /// <summary>Gateways watching this unit; a subscription lapses after <see cref="ObserverLease"/> unless renewed.</summary>
    private readonly ObserverManager<IUnitObserver> _observers = new(ObserverLease, logger) { GetDateTime = () => clock.GetUtcNow().UtcDateTime };
    private UnitHistory _history = null!;
    private FlushSchedule _flush = null!;
    private DateTimeOffset _lastStateWrite = DateTimeOffset.MinValue;

    /// <summary>True when the state holds a value or a child's contribution that storage does not have yet.</summary>
    private bool _unsaved;

    /// <summary>
    /// True once a write found that another activation of this unit wrote since this one read, or Orleans deactivated
    /// this one as a duplicate (its default grain directory can hold two for a moment after a silo leaves or joins).
    /// A stale activation hands over (<see cref="HandOver"/>) and leaves, and must not keep overriding its parent's view
    /// with what it holds.
    /// </summary>
    private bool _stale;

    /// <summary>True once deactivating: a report that fails now is neither retried nor worth a warning (the log has it).</summary>
    private bool _leaving;

    /// <summary>
    /// True on a stopping process whose state does not outlive it (the embedded default): all it holds vanishes with
    /// it, so a report to a parent that is itself being deactivated (which failed with a <c>fail:</c> entry) or a save
    /// into storage that is dropped would only delay the stop. With durable state, true once the process has been
    /// stopping for <see cref="ProcessStop.Budget"/> (see there).
    /// </summary>
    private bool Vanishing => stop.PastBudget;

    /// <summary>How long a subscription lasts without renewal; gateways renew at a third of it.</summary>
    public static readonly TimeSpan ObserverLease = TimeSpan.FromMinutes(3);

    private string Code => this.GetPrimaryKeyString();

    /// <summary>The name the unit's state is stored under (its row in PostgreSQL).</summary>
    public const string StateName = "unit";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _state = await StoredState.ReadAsync<UnitState>(this, StateName);
        _unit = await directory.FindAsync(Code, mustExist: true) ?? throw new UnknownUnitException(Code);
        foreach (var own in _state.State.Own) _own[own.Key] = own.ToOwnValue();
        _rollup.SetOwn(OwnOf(programmes.Current));
        ChildState.Restore(_state.State.Children, _rollup, _alerts);
        _history = new UnitHistory(_state.State.History, kept: _unit.Level <= options.Value.HistoryDepth);
        _flush = new FlushSchedule(this, FlushAsync, options.Value.FlushIntervalAt(_unit.Level), clock);
        // The programme or the attributes may have changed while this unit slept: what its parent holds was judged under
        // the old ones. Reporting again costs nothing when nothing changed (the parent ignores a report that changes nothing).
        if (_state.State.ReportPending || DependsOnProgramme()) _flush.Request();
    }

    /// <summary>The unit's own part under a programme and attributes: norm-share values are judged by its norm, per-population ones stamped with the attribute of their period's year.</summary>
    private Contribution OwnOf(ProgrammeView view) => OwnContribution.Build(_own, view.Programme.Catalog, Code, view.Attributes);

    private bool DependsOnProgramme()
    {
        var catalog = programmes.Current.Programme.Catalog;
        return _own.Keys.Any(k => catalog.Find(k.Indicator) is { Kind: IndicatorKind.NormShare or IndicatorKind.PerPopulation });
    }

    public async Task Rejudge(int programmeVersion, int attributesVersion)
    {
        // This silo's copy may not have the change yet (it was made through another silo): fetch it first.
        if (programmes.Current.Programme.Version < programmeVersion || programmes.Current.AttributesVersion < attributesVersion)
            await programmes.RefreshAsync();
        var changed = _rollup.SetOwn(OwnOf(programmes.Current));
        if (changed.Count == 0) return;
        Touch(changed);
        _flush.Changed(clock.GetUtcNow());
        _state.State.ReportPending = true;
        _unsaved = true;
        _flush.Request();
    }

    public Task<HistoryPoint[]> GetHistory(string indicator, string? option, DateOnly from, DateOnly to) =>
        Task.FromResult(_history.Series(new RollupKey(indicator, option), from, to));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        telemetry.Left(Code);
        if (_stale || Vanishing) return;
        if (reason.ReasonCode == DeactivationReasonCode.DuplicateActivation)
        {
            // Orleans found another activation of this unit registered (its default directory merges entries after a
            // silo joins or leaves), and that one stays. This one may have read a state written after the other's last
            // write: writing what it took would leave the other holding less than storage until its own next write
            // (StateWriteInterval), so what it took goes to the other instead.
            _stale = true;
            HandOver();
            return;
        }
        _leaving = true;
        // The way out ends within the save budget, whatever happens to the report or the write: Orleans cancels a
        // deactivation still running after its timeout (30 s) or at the end of the host's stop, and logged each one as
        // an error with a stack trace (37,604 in one national run, bench/national.sh, most of them units a surviving silo
        // deactivated at once when another died). The work abandoned here is in the log, which the checkpoint and the
        // replay at the next start give the unit and its parent.
        using var leaving = stop.Leaving();
        try { await LeaveAsync(cancellationToken).WaitAsync(leaving.Token); }
        catch (OperationCanceledException) when (leaving.IsCancellationRequested) { }
    }

    private async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (_flush.Due) await FlushAsync(cancellationToken);
        // Only what storage does not have: a unit unchanged since its last write (after a checkpoint, nearly all of a
        // stopping process's units) has nothing to save, and writing them all made a national stop 220,000 writes long.
        if (!_unsaved && !_state.State.ReportPending) return;
        // A duplicate activation (the grain directory loses entries when a silo dies) finds on its way out that the
        // other one wrote first: it is stale and leaves quietly, as it would at a flush. Rethrown, each was a fail: line
        // with a stack trace (83,103 of them in one national restart, bench/national.sh).
        try { await WriteStateAsync(cancellationToken); }
        catch (Orleans.Storage.InconsistentStateException) { }
    }

    private async Task WriteStateAsync(CancellationToken cancellationToken)
    {
        // Own values are mapped to their stored form here, when written, not at every submission: a unit takes many
        // submissions per write (the flush saves at most once an interval), and each mapping was garbage by the next.
        _state.State.Own = _own.Select(p => OwnValueState.From(p.Key, p.Value)).ToList();
        var written = _state.State.Children;
        _state.State.Children = ChildState.Snapshot(_rollup, _alerts, written);
        _history.Store();
        try
        {
            await _state.WriteStateAsync(cancellationToken);
        }
        catch (Exception error)
        {
            // Until a write succeeds the state's children stay those storage holds: a hand-over compares with them.
            _state.State.Children = written;
            if (error is Orleans.Storage.InconsistentStateException)
            {
                // It leaves without reporting again and hands over to the activation that stays.
                _stale = true;
                DeactivateOnIdle();
                HandOver();
            }
            throw;
        }
        _unsaved = false;
        _lastStateWrite = clock.GetUtcNow();
    }

    /// <summary>
    /// A stale activation's hand-over to the one that stays (or to the next, which reads the stored state). The children
    /// whose reports it took since its last write (their version differs from the one written, whether or not their
    /// cells changed: the other activation may hold another report of theirs) report again: their reports are nowhere
    /// else, and the children believe them delivered. And the unit itself reports again: this activation may have reported upwards from what it held,
    /// overriding the other's report at the parent. Its own values need nothing: they are in the submission log, and the
    /// next checkpoint round applies them to the activation that stays. Without the hand-over, a silo's graceful stop or
    /// start left a parent short of a child's report for good in about 1 run in 6 of PostgresRollupTests on Orleans'
    /// default grain directory (DuplicateActivationTests has both cases). The calls are not awaited: this activation is
    /// deactivating, so Orleans runs nothing more here and reroutes what is queued for it to the unit's next activation.
    /// </summary>
    private void HandOver()
    {
        var written = _state.State.Children;
        foreach (var (child, (version, _)) in _rollup.Children)
            if (!written.TryGetValue(child, out var held) || held.Version != version) AskToReport(child);
        AskToReport(Code);
    }

    private void AskToReport(string code) =>
        GrainFactory.Unit(code).Refresh().ContinueWith(failed => logger.LogWarning(failed.Exception,
                "Unit {Code} found a duplicate of itself and could not ask {Other} to report again; the next checkpoint or start does", Code, code),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public Task<SubmissionOutcome[]> Submit(SubmissionItem[] items)
    {
        var outcomes = new SubmissionOutcome[items.Length];
        var changed = false;
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (!ReportingPeriod.TryParse(item.Period, out var period)) throw new ArgumentException($"bad period {item.Period}");
            var key = new RollupKey(item.Indicator, item.Option);
            var submission = new ValidSubmission(Code, key, item.Numerator, item.Denominator, period, item.Id);
            var id = item.Id is null ? (UInt128?)null : SubmissionDigest.OfId(item.Id);
            ulong? seen = id is { } known && _state.State.SeenIds.TryGetValue(known, out var fingerprint) ? fingerprint : null;
            var (outcome, held) = SubmissionRules.Apply(_own.GetValueOrDefault(key), submission, item.Sequence, seen, clock.GetUtcNow());
            outcomes[i] = outcome;
            if (held is not null)
            {
                _own[key] = held;
                changed = true;
            }
            if (outcome is SubmissionOutcome.Applied or SubmissionOutcome.Superseded && id is { } newId)
                changed |= _state.State.RememberId(newId, submission.FingerprintDigest, options.Value.RememberedIdsPerUnit);
        }
        if (changed)
        {
            Touch(_rollup.SetOwn(OwnOf(programmes.Current)));
            _flush.Changed(clock.GetUtcNow());
            // Saved by the flush within one interval, not here: the submission log (written before this call) is
            // what makes an accepted value durable, and replaying it restores anything a crash took from grain state.
            _state.State.ReportPending = true;
            _unsaved = true;
            _flush.Request();
        }
        return Task.FromResult(outcomes);
    }

    public Task ReportChild(string childCode, long version, SeriesCell[] cells, DateTimeOffset oldestChange, AlertSummaryData alerts)
    {
        // The rollup alone judges the version (a stale or repeated report is refused there) and holds what it took;
        // the state stores a snapshot of it at the next write.
        if (!_rollup.TryReplaceChild(childCode, version, SeriesCell.ToContribution(cells), out var changed)) return Task.CompletedTask;
        // Towns' rises can change while the sum does not (one rises as another falls): that too travels upwards.
        var alertsChanged = _alerts.ReplaceChild(childCode, version, alerts.ToSummary());
        // A report that changes nothing (a child refreshing after a crash) need not travel further up, nor be written.
        if (changed.Count == 0 && !alertsChanged) return Task.CompletedTask;
        _unsaved = true;
        Touch(changed);
        // The change is visible here from now on: that is the freshness leaders see at this level.
        telemetry.Arrived(_unit, oldestChange);
        _flush.Changed(oldestChange);
        _state.State.ReportPending = true;
        _flush.Request();
        return Task.CompletedTask;
    }

    public Task Refresh()
    {
        _state.State.ReportPending = true;
        _flush.Request();
        return Task.CompletedTask;
    }

    public async Task Checkpoint(SubmissionItem[] logged)
    {
        RefuseWhileStopping();
        if (logged.Length > 0) await Submit(logged);
        // Always report, even with nothing pending: the parent may have lost the last report in a crash since.
        await FlushAsync(CancellationToken.None);
        // Its first write found another activation's newer one (FlushAsync leaves quietly then): what it reported and
        // holds is not what storage holds, and the round must not count on it.
        if (_stale) throw new InvalidOperationException($"unit {Code} found another activation's newer state: no checkpoint here");
        if (_state.State.ReportPending) throw new InvalidOperationException($"unit {Code} could not report to its parent for the checkpoint");
        RefuseWhileStopping();
        if (_unsaved) await WriteStateAsync(CancellationToken.None);
    }

    /// <summary>
    /// A stopping silo stops saving state after a few seconds (the host's StopAwareStorage) and answers a skipped save
    /// as done: a checkpoint must not count on a write here, so the round fails and the next one finds the unit elsewhere.
    /// </summary>
    private void RefuseWhileStopping()
    {
        if (stop.Stopping)
            throw new InvalidOperationException($"unit {Code} is on a stopping silo: no checkpoint here");
    }

    /// <summary>Subscribes or renews (the gateway calls again every third of the lease).</summary>
    public Task Subscribe(IUnitObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IUnitObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task<UnitTotals> GetTotals() => Task.FromResult(Totals());

    private UnitTotals Totals()
    {
        var changedAt = new Dictionary<string, DateTimeOffset>(_state.State.ChangedAt, StringComparer.Ordinal);
        DateTimeOffset? asOf = changedAt.Count == 0 ? null : changedAt.Values.Max();
        return new UnitTotals(SeriesCell.From(_rollup.TotalCells), changedAt, asOf, clock.GetUtcNow());
    }

    public Task<AlertSummaryData> GetAlerts() => Task.FromResult(AlertSummaryData.From(Alerts()));

    /// <summary>The subtree's rising red warnings; a town judges its own from its red count first.</summary>
    private AlertSummary Alerts()
    {
        if (_unit.Level == UnitLevel.Town)
            _alerts.SetOwn(AlertSummary.ForTown(Code, _rollup.TotalOf(AlertSummary.Series),
                _state.State.ChangedAt.TryGetValue(AlertSummary.Series.ToString(), out var at) ? at : null));
        return _alerts.Total;
    }

    public Task<ChildTotals[]> GetChildTotals() =>
        Task.FromResult(_rollup.Children.Select(c => new ChildTotals(c.Key, SeriesCell.FromContribution(c.Value.Cells))).ToArray());

    /// <summary>One notification per observer (a gateway), however many viewers that gateway serves; lapsed ones are dropped.</summary>
    private void NotifyObservers()
    {
        if (_observers.Count == 0) return;
        var totals = Totals();
        _observers.Notify(observer => observer.RollupChanged(Code, totals));
    }

    private void Touch(IReadOnlyCollection<RollupKey> changedKeys)
    {
        var now = clock.GetUtcNow();
        foreach (var key in changedKeys) _state.State.ChangedAt[key.ToString()] = now;
    }

    /// <summary>Sends the whole current total upwards (never a delta) and persists what was sent.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _flush.Starting();
        if (_stale || Vanishing || !stop.ReportsLand) return;
        try
        {
            if (_unit.ParentCode is { } parent)
            {
                var version = ContributionVersion.Next(_state.State.SentVersion, clock.GetUtcNow());
                using (stop.Report())
                    await (_parent ??= GrainFactory.Unit(parent)).ReportChild(Code, version, SeriesCell.From(_rollup.TotalCells),
                        _flush.OldestChange, AlertSummaryData.From(Alerts()));
                _state.State.SentVersion = version;
            }
            _flush.Reported();
            telemetry.Reported(_unit, Totals);
            _state.State.ReportPending = false;
            // A day of the programme's time zone (Beijing time by default), so a day's entry does not flip at 08:00 there.
            _history.Record(programmes.Current.Programme.Today(clock.GetUtcNow()), _rollup.TotalCells);
            NotifyObservers();
            // An activation's first flush writes its state even unchanged: the write is what finds a duplicate activation
            // (after a silo leaves, the grain directory can hold two for a while) and makes it stale before it absorbs
            // children's reports that its twin never sees. Skipping it (to spare a cold replay its writes) lost reports
            // from a town in the SIGTERM process test; after that first write, only a changed state is written.
            if ((_unsaved || _lastStateWrite == DateTimeOffset.MinValue) && clock.GetUtcNow() - _lastStateWrite >= options.Value.StateWriteInterval)
                await WriteStateAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // On the way out (the parent's silo stopping too, or a report abandoned at the end of the budget) the
            // report stays pending in the state, and the log replay or the next checkpoint sends it. A stale activation
            // (its write refused) has handed over.
            if (_leaving || _stale) return;
            // The parent or the storage is unreachable for now: keep the report pending and try again next interval.
            logger.LogWarning(error, "Unit {Code} could not report to its parent; retrying", Code);
            _flush.Request();
        }
    }
}
