using System.Diagnostics;
using KpiMesh.Abstractions;
using KpiMesh.Grains.Log;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KpiMesh.Grains.Services;

/// <summary>
/// Advances the recovery checkpoint: the log sequence at or below which every row is reflected in durable grain
/// state, its unit's and every ancestor's, so a start replays only the rows above it (<see cref="LogReconciler"/>).
/// One process at a time takes a round (a PostgreSQL advisory lock), every <see cref="RecoveryOptions.CheckpointInterval"/>:
/// <list type="number">
/// <item><b>Plan</b>: from the checkpoint C to the settled sequence S (no append still running at or below it), the rows (C, S].</item>
/// <item><b>Persist</b>, deepest units first: each unit with rows applies them (a row its grain took at ingest is a
/// duplicate; one whose grain never took it, because a process died in between, is applied now), and it and every
/// ancestor reports its whole total to its parent, waits until it is taken and writes its state. A parent is
/// persisted only after all its children on those paths, so its written state holds what they reported.</item>
/// <item><b>Commit</b>: the checkpoint moves from C to S, committed synchronously after every state write, and only
/// if the cluster's stored membership did not change during the round. A silo that died mid-round may have held a
/// parent that had taken a child's report but not yet written it; its new activation, from older state, would be
/// persisted without that report. A grain is re-activated elsewhere only once its silo is declared dead in the
/// membership table, so an unchanged membership version rules that out.</item>
/// </list>
/// A crash at any point before the commit leaves the checkpoint at C, and the next round or start redoes (C, S];
/// after it, (C, S] is durable everywhere it counts. Rows are never removed and every step is idempotent.
/// </summary>
public sealed class Checkpointer(
    IGrainFactory grains, ISubmissionLog log, SiloUnitDirectory directory, LogReconciler reconciler, RecoveryStatus recovery,
    CheckpointLag lag, IOptions<RecoveryOptions> options, ILogger<Checkpointer> logger) : BackgroundService
{
    /// <summary>A persist call that fails is retried a few times only: the round fails, and the next one starts over.</summary>
    private const int PersistAttempts = 3;

    /// <param name="Rows">The log rows (From, To], by unit.</param>
    /// <param name="RowCount">How many rows; a full round (<see cref="RecoveryOptions.RowsPerRound"/>) means more are waiting.</param>
    /// <param name="MembershipVersion">The stored membership version when the round began.</param>
    public sealed record Plan(long From, long To, IReadOnlyDictionary<string, SubmissionItem[]> Rows, int RowCount, int? MembershipVersion);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CheckpointInterval;
        if (!log.IsDurable || interval <= TimeSpan.Zero) return;
        await recovery.Completion.WaitAsync(stoppingToken);
        // Ticks every second at most, so that a stall (submissions refused while the lag is over its bound) starts a
        // round within a second instead of at the next interval; otherwise a round runs once per interval.
        using var timer = new PeriodicTimer(interval < CheckpointLag.RefreshInterval ? interval : CheckpointLag.RefreshInterval);
        var sinceRound = Stopwatch.StartNew();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (sinceRound.Elapsed < interval && !lag.Stalled) continue;
            sinceRound.Restart();
            try
            {
                // A full round means more rows wait; a stall means ingest waits for this: either way, go on at once.
                while (await AdvanceAsync(stoppingToken) is { RowCount: > 0 } plan && (plan.RowCount >= options.Value.RowsPerRound || lag.Stalled)) { }
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("The recovery checkpoint could not advance ({Error}); the next round tries again", error.Message);
            }
        }
    }

    /// <summary>One whole round; null when another process is taking one.</summary>
    public async Task<Plan?> AdvanceAsync(CancellationToken cancellationToken)
    {
        await using var turn = await log.TryTakeCheckpointTurnAsync(cancellationToken);
        if (turn is null) return null;
        var watch = Stopwatch.StartNew();
        var plan = await PlanAsync(cancellationToken);
        if (plan.To == plan.From) return plan;
        var persisted = await PersistAsync(plan, cancellationToken);
        await CommitAsync(plan, cancellationToken);
        logger.LogDebug("Checkpoint {From} -> {To}: {Rows:N0} rows, {Units:N0} units persisted in {Seconds:F1} s",
            plan.From, plan.To, plan.RowCount, persisted, watch.Elapsed.TotalSeconds);
        return plan;
    }

    public async Task<Plan> PlanAsync(CancellationToken cancellationToken)
    {
        var membership = await log.ReadMembershipVersionAsync(cancellationToken);
        var from = await log.ReadCheckpointAsync(cancellationToken);
        var settled = await log.SettledSequenceAsync(cancellationToken);
        if (settled <= from) return new Plan(from, from, new Dictionary<string, SubmissionItem[]>(), 0, membership);
        var limit = options.Value.RowsPerRound;
        var rows = await log.ReadRangeAsync(from, settled, limit, cancellationToken);
        var to = rows.Count >= limit ? rows[^1].Item.Sequence : settled;
        return new Plan(from, to, LogReconciler.ByUnit(rows).ToDictionary(u => u.Unit, u => u.Items, StringComparer.Ordinal), rows.Count, membership);
    }

    /// <summary>Persists the plan's units and their ancestors, deepest first; answers how many units.</summary>
    public async Task<int> PersistAsync(Plan plan, CancellationToken cancellationToken)
    {
        await directory.SyncAsync();
        var onPaths = reconciler.WithAncestors(plan.Rows.Keys);
        var byDepth = directory.Read(d => onPaths.GroupBy(u => d.Ancestors(u).Count()).OrderByDescending(g => g.Key).ToList());
        foreach (var level in byDepth)
            await reconciler.ForEachUnitAsync(level.Select(u => (u, plan.Rows.GetValueOrDefault(u) ?? [])),
                (unit, items) => grains.Unit(unit).Checkpoint(items), cancellationToken, PersistAttempts);
        return onPaths.Count;
    }

    public async Task CommitAsync(Plan plan, CancellationToken cancellationToken)
    {
        if (!await log.AdvanceCheckpointAsync(plan.From, plan.To, plan.MembershipVersion, cancellationToken))
            throw new InvalidOperationException($"the cluster's membership changed, or the checkpoint moved from {plan.From}, while this round ran");
        lag.Advanced(plan.To);
    }
}
