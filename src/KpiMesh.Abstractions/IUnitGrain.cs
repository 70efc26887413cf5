using Orleans.Concurrency;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Abstractions;

/// <summary>One administrative unit or institution, keyed by its code. Holds its own values and its subtree's rollup.</summary>
[Alias("kpimesh.IUnitGrain")]
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Applies validated submissions for this unit; one outcome per item, in order.</summary>
    [Alias("Submit")]
    Task<SubmissionOutcome[]> Submit(SubmissionItem[] items);

    /// <summary>
    /// A child's whole latest contribution. Replaces what this unit held for that child when
    /// <paramref name="version"/> is newer, so retries and re-ordering are harmless.
    /// </summary>
    /// <param name="oldestChange">When the oldest change in this report was applied at its unit, for measuring propagation lag.</param>
    /// <param name="alerts">The child's rising red warnings (its whole summary, under the same version as its cells).</param>
    [Alias("ReportChild")]
    Task ReportChild(string childCode, long version, SeriesCell[] cells, DateTimeOffset oldestChange, AlertSummaryData alerts);

    /// <summary>Reports the current total to the parent again, whether or not it changed (recovery after a crash).</summary>
    [Alias("Refresh")]
    Task Refresh();

    /// <summary>
    /// Builds this unit's own part again under the programme and attributes of at least these versions (a norm-share
    /// value is judged by the norm in force, a per-population one divided by the attribute in force) and reports upwards
    /// if it changed. Called for every unit that may hold such values after a change of the programme or the attributes.
    /// </summary>
    [Alias("Rejudge")]
    Task Rejudge(int programmeVersion, int attributesVersion);

    /// <summary>
    /// One step of the recovery checkpoint: applies these logged submissions (ones already held are duplicates),
    /// reports the whole total to the parent and waits until it is taken, then writes this unit's state if it changed
    /// since it was last written. Throws when either fails, so the checkpoint does not advance.
    /// </summary>
    [Alias("Checkpoint")]
    Task Checkpoint(SubmissionItem[] logged);

    /// <summary>
    /// Registers an observer for rollup changes. Subscriptions lapse after <c>UnitGrain.ObserverLease</c> unless
    /// renewed by subscribing again, so a gateway that vanished costs nothing for long.
    /// </summary>
    [Alias("Subscribe")]
    Task Subscribe(IUnitObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IUnitObserver observer);

    [Alias("GetTotals")]
    /// <remarks>
    /// Reads interleave: they only copy in-memory sums, and must not queue behind a flush that is waiting on the
    /// parent or on storage (under load that wait put ~100 ms on every province read).
    /// </remarks>
    [AlwaysInterleave]
    Task<UnitTotals> GetTotals();

    /// <summary>One series at the end of each day from <paramref name="from"/> to <paramref name="to"/>.</summary>
    [Alias("GetHistory")]
    [AlwaysInterleave]
    Task<HistoryPoint[]> GetHistory(string indicator, string? option, DateOnly from, DateOnly to);

    /// <summary>The rising red warnings of the subtree: how many towns, and the largest rises (domain <c>AlertSummary</c>).</summary>
    [Alias("GetAlerts")]
    [AlwaysInterleave]
    Task<AlertSummaryData> GetAlerts();

    [Alias("GetChildTotals")]
    [AlwaysInterleave]
    Task<ChildTotals[]> GetChildTotals();
}
