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
using Orleans.Utilities;

namespace KpiMesh.Grains;

/// <summary>
/// One unit of the hierarchy. It applies its own submissions, keeps the latest contribution of each child, and
/// reports its subtree's total to its parent at most once per <see cref="RollupOptions.FlushInterval"/>.
/// Reports only ever flow upwards (child awaits parent), so the non-reentrant grains cannot deadlock.
/// </summary>
public sealed class UnitGrain(
    [PersistentState("unit", StorageNames.Units)] IPersistentState<UnitState> state,
    SiloUnitDirectory directory,
    ProgrammeCache programmes,
    IOptions<RollupOptions> options,
    TimeProvider clock,
    KpiMeshMetrics metrics,
    RollupGauges gauges,
    IHostApplicationLifetime lifetime,
    ILogger<UnitGrain> logger) : Grain, IUnitGrain
{
    private readonly SubtreeRollup _rollup = new();
    private readonly AlertRollup _alerts = new();
    private readonly Dictionary<RollupKey, OwnValue> _own = new();
    private UnitRecord _unit = null!;

    /// <summary>Gateways watching this unit; a subscription lapses after <see cref="ObserverLease"/> unless renewed.</summary>
    private readonly ObserverManager<IUnitObserver> _observers = new(ObserverLease, logger) { GetDateTime = () => clock.GetUtcNow().UtcDateTime };
    private readonly RollupHistory _history = new();
    private IGrainTimer? _flushTimer;
    private bool _flushScheduled;

    /// <summary>When the oldest change not yet reported upwards was applied (here or below); null when nothing is pending.</summary>
    private DateTimeOffset? _oldestPending;

    private DateTimeOffset _lastStateWrite = DateTimeOffset.MinValue;

    /// <summary>
    /// When this unit last reported upwards (or tried to), on the monotonic clock: the next report waits until an
    /// interval after it. Not the wall clock, which may step back (and did, by a month, in a test) and would then hold
    /// every report for as long. Null before the first report.
    /// </summary>
    private long? _lastReport;

    /// <summary>True when the state holds a value or a child's contribution that storage does not have yet.</summary>
    private bool _unsaved;

    /// <summary>
    /// True once a write found that another activation of this unit wrote since this one read (a duplicate after a
    /// silo failure). A stale activation must not keep overriding its parent's view with what it holds.
    /// </summary>
    private bool _stale;

    /// <summary>How long a subscription lasts without renewal; gateways renew at a third of it.</summary>
    public static readonly TimeSpan ObserverLease = TimeSpan.FromMinutes(3);

    private string Code => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _unit = await directory.FindAsync(Code, mustExist: true) ?? throw new UnknownUnitException(Code);
        foreach (var own in state.State.Own) _own[own.Key] = own.ToOwnValue();
        _rollup.SetOwn(OwnOf(programmes.Current));
        foreach (var (child, held) in state.State.Children)
        {
            _rollup.ReplaceChild(child, held.Version, SeriesCell.ToContribution(held.Cells));
            _alerts.ReplaceChild(child, held.Version, held.Alerts?.ToSummary() ?? AlertSummary.Empty);
        }
        foreach (var (day, cells) in state.State.History.OrderBy(d => d.Key)) _history.Record(day, SeriesCell.ToContribution(cells));
        // The programme or the attributes may have changed while this unit slept: what its parent holds was judged under
        // the old ones. Reporting again costs nothing when nothing changed (the parent ignores a report that changes nothing).
        if (state.State.ReportPending || DependsOnProgramme()) ScheduleFlush();
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
        Pending(clock.GetUtcNow());
        state.State.ReportPending = true;
        _unsaved = true;
        ScheduleFlush();
    }

    private bool KeepsHistory => _unit.Level <= options.Value.HistoryDepth;

    public Task<HistoryPoint[]> GetHistory(string indicator, string? option, DateOnly from, DateOnly to) =>
        Task.FromResult(_history.Series(new RollupKey(indicator, option), from, to)
            .Select(p => new HistoryPoint(p.Day, p.Cell.Numerator, p.Cell.Denominator, p.Cell.Reported)).ToArray());

    /// <summary>
    /// Today's entry of the daily history is the total as of this flush. Only that entry changes, so only it is
    /// copied into the state, which then drops the days the domain no longer keeps.
    /// </summary>
    private void RecordHistory()
    {
        if (!KeepsHistory) return;
        // A day of the programme's time zone (Beijing time by default), so a day's entry does not flip at 08:00 there.
        var today = programmes.Current.Programme.Today(clock.GetUtcNow());
        var total = _rollup.Total;
        _history.Record(today, total);
        state.State.History[today] = SeriesCell.FromContribution(total);
        var oldestKept = _history.Days.First().Key;
        foreach (var dropped in state.State.History.Keys.Where(day => day < oldestKept).ToList()) state.State.History.Remove(dropped);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        gauges.Withdraw(Code);
        if (_stale) return;
        if (_flushScheduled) await FlushAsync(cancellationToken);
        // A duplicate activation (the grain directory loses entries when a silo dies) finds on its way out that the
        // other one wrote first: it is stale and leaves quietly, as it would at a flush. Rethrown, each was a fail: line
        // with a stack trace (83,103 of them in one national restart, bench/national.sh).
        try { await WriteStateAsync(cancellationToken); }
        catch (Orleans.Storage.InconsistentStateException) { }
    }

    private async Task WriteStateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            // It leaves without reporting again; what it held is in the log, which checkpoints and starts replay to
            // the activation that stays.
            _stale = true;
            DeactivateOnIdle();
            throw;
        }
        _unsaved = false;
        _lastStateWrite = clock.GetUtcNow();
    }

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
            var seen = item.Id is null ? null : state.State.SeenIds.GetValueOrDefault(item.Id);
            var (outcome, held) = SubmissionRules.Apply(_own.GetValueOrDefault(key), submission, item.Sequence, seen, clock.GetUtcNow());
            outcomes[i] = outcome;
            if (held is not null)
            {
                _own[key] = held;
                changed = true;
            }
            if (outcome is SubmissionOutcome.Applied or SubmissionOutcome.Superseded && item.Id is not null)
                changed |= Remember(item.Id, submission.Fingerprint);
        }
        if (changed)
        {
            Touch(_rollup.SetOwn(OwnOf(programmes.Current)));
            Pending(clock.GetUtcNow());
            state.State.Own = _own.Select(p => OwnValueState.From(p.Key, p.Value)).ToList();
            // Saved by the flush within one interval, not here: the submission log (written before this call) is
            // what makes an accepted value durable, and replaying it restores anything a crash took from grain state.
            state.State.ReportPending = true;
            _unsaved = true;
            ScheduleFlush();
        }
        return Task.FromResult(outcomes);
    }

    public Task ReportChild(string childCode, long version, SeriesCell[] cells, DateTimeOffset oldestChange, AlertSummaryData alerts)
    {
        // The rollup alone judges the version (a stale or repeated report is refused there); the state keeps what it took.
        if (!_rollup.TryReplaceChild(childCode, version, SeriesCell.ToContribution(cells), out var changed)) return Task.CompletedTask;
        // Towns' rises can change while the sum does not (one rises as another falls): that too travels upwards.
        var alertsChanged = _alerts.ReplaceChild(childCode, version, alerts.ToSummary());
        state.State.Children[childCode] = new ChildState(version, cells, alerts);
        // A report that changes nothing (a child refreshing after a crash) need not travel further up, nor be written.
        if (changed.Count == 0 && !alertsChanged) return Task.CompletedTask;
        _unsaved = true;
        Touch(changed);
        // The change is visible here from now on: that is the freshness leaders see at this level.
        if (gauges.Publishes(_unit.Level)) metrics.PropagationLag(_unit.Level, clock.GetUtcNow() - oldestChange);
        Pending(oldestChange);
        state.State.ReportPending = true;
        ScheduleFlush();
        return Task.CompletedTask;
    }

    public Task Refresh()
    {
        state.State.ReportPending = true;
        ScheduleFlush();
        return Task.CompletedTask;
    }

    public async Task Checkpoint(SubmissionItem[] logged)
    {
        RefuseWhileStopping();
        if (logged.Length > 0) await Submit(logged);
        // Always report, even with nothing pending: the parent may have lost the last report in a crash since.
        await FlushAsync(CancellationToken.None);
        if (state.State.ReportPending) throw new InvalidOperationException($"unit {Code} could not report to its parent for the checkpoint");
        RefuseWhileStopping();
        if (_unsaved) await WriteStateAsync(CancellationToken.None);
    }

    /// <summary>
    /// A stopping silo stops saving state after a few seconds (the host's StopAwareStorage) and answers a skipped save
    /// as done: a checkpoint must not count on a write here, so the round fails and the next one finds the unit elsewhere.
    /// </summary>
    private void RefuseWhileStopping()
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
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
        var changedAt = new Dictionary<string, DateTimeOffset>(state.State.ChangedAt, StringComparer.Ordinal);
        DateTimeOffset? asOf = changedAt.Count == 0 ? null : changedAt.Values.Max();
        return new UnitTotals(SeriesCell.FromContribution(_rollup.Total), changedAt, asOf, clock.GetUtcNow());
    }

    public Task<AlertSummaryData> GetAlerts() => Task.FromResult(AlertSummaryData.From(Alerts()));

    /// <summary>The subtree's rising red warnings; a town judges its own from its red count first.</summary>
    private AlertSummary Alerts()
    {
        if (_unit.Level == UnitLevel.Town)
            _alerts.SetOwn(AlertSummary.ForTown(Code, _rollup.Total[AlertSummary.Series],
                state.State.ChangedAt.TryGetValue(AlertSummary.Series.ToString(), out var at) ? at : null));
        return _alerts.Total;
    }

    public Task<ChildTotals[]> GetChildTotals() =>
        Task.FromResult(state.State.Children.Select(c => new ChildTotals(c.Key, c.Value.Cells)).ToArray());

    /// <summary>One notification per observer (a gateway), however many viewers that gateway serves; lapsed ones are dropped.</summary>
    private void NotifyObservers()
    {
        if (_observers.Count == 0) return;
        var totals = Totals();
        _observers.Notify(observer => observer.RollupChanged(Code, totals));
    }

    private bool Remember(string id, string fingerprint)
    {
        if (!state.State.SeenIds.TryAdd(id, fingerprint)) return false;
        state.State.SeenOrder.Enqueue(id);
        while (state.State.SeenOrder.Count > options.Value.RememberedIdsPerUnit)
            state.State.SeenIds.Remove(state.State.SeenOrder.Dequeue());
        return true;
    }

    private void Pending(DateTimeOffset changedAt)
    {
        if (_oldestPending is null || changedAt < _oldestPending) _oldestPending = changedAt;
    }

    private void Touch(IReadOnlyCollection<RollupKey> changedKeys)
    {
        var now = clock.GetUtcNow();
        foreach (var key in changedKeys) state.State.ChangedAt[key.ToString()] = now;
    }

    /// <summary>
    /// Leading-edge coalescing: a unit that has not reported for a whole interval reports at once (in the next turn,
    /// so the submitter does not wait for the parent), and one that reported less than an interval ago waits out the
    /// rest of it, taking everything that arrives meanwhile into that one report. An idle path therefore carries a
    /// change up in one grain call per level, and a busy unit still reports at most once per interval.
    /// </summary>
    private void ScheduleFlush()
    {
        if (_flushScheduled) return;
        _flushScheduled = true;
        var interval = options.Value.FlushInterval;
        var wait = _lastReport is { } last ? interval - clock.GetElapsedTime(last) : TimeSpan.Zero;
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        if (_flushTimer is null) _flushTimer = this.RegisterGrainTimer(FlushAsync, wait, Timeout.InfiniteTimeSpan);
        else _flushTimer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sends the whole current total upwards (never a delta) and persists what was sent.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _flushScheduled = false;
        if (_stale) return;
        // Counted from the start of the attempt, so a failed report also waits an interval before the retry.
        _lastReport = clock.GetTimestamp();
        try
        {
            if (_unit.ParentCode is { } parent)
            {
                var version = ContributionVersion.Next(state.State.SentVersion, clock.GetUtcNow());
                await GrainFactory.GetGrain<IUnitGrain>(parent).ReportChild(Code, version, SeriesCell.FromContribution(_rollup.Total),
                    _oldestPending ?? clock.GetUtcNow(), AlertSummaryData.From(Alerts()));
                state.State.SentVersion = version;
            }
            _oldestPending = null;
            if (gauges.Publishes(_unit.Level)) gauges.Publish(Code, Totals());
            state.State.ReportPending = false;
            RecordHistory();
            NotifyObservers();
            if (clock.GetUtcNow() - _lastStateWrite >= options.Value.StateWriteInterval) await WriteStateAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The parent or the storage is unreachable for now: keep the report pending and try again next interval.
            logger.LogWarning(error, "Unit {Code} could not report to its parent; retrying", Code);
            ScheduleFlush();
        }
    }
}
