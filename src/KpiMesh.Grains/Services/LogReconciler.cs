using System.Diagnostics;
using KpiMesh.Abstractions;
using KpiMesh.Grains.Log;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KpiMesh.Grains.Services;

/// <summary>
/// Makes the rollups equal what the submission log implies, after a crash of any process. Everything at or below
/// the recovery checkpoint is already in durable grain state (<see cref="Checkpointer"/>), so it replays only the
/// rows above it, in log order, to their units (rows a unit holds already are duplicates), and then has every unit on
/// those paths report to its parent again, so a parent that lost reports it had not yet saved gets them back. The
/// work is proportional to what was written since the checkpoint, not to the log's length.
/// </summary>
public sealed class LogReconciler(
    IGrainFactory grains, ISubmissionLog log, SiloUnitDirectory directory, IOptions<RecoveryOptions> options, ILogger<LogReconciler> logger)
{
    private const int Parallelism = 32;

    /// <summary>
    /// Calls at once for a replay nobody waits for: a process that joined serving silos, or a replay after appends in
    /// doubt. A joined process replayed with 32 at once while ingest went on, and the units placed on it meanwhile queued
    /// behind the replay's state reads and writes (24 pooled connections) until Orleans cancelled their activations at
    /// 30 s: 22-24 error entries, each a failed request, in a rolling restart of three national processes; none since.
    /// </summary>
    private const int BackgroundParallelism = 4;
    private const int Attempts = 60;

    /// <param name="Checkpoint">The checkpoint the replay started above.</param>
    /// <param name="Rows">Log rows replayed (all of them above the checkpoint).</param>
    /// <param name="Units">Units those rows belong to.</param>
    /// <param name="Refreshed">Units that reported to their parents again (those and their ancestors).</param>
    public sealed record Report(long Checkpoint, int Rows, int Units, int Refreshed, TimeSpan Took);

    /// <param name="background">True when the process serves meanwhile: the replay then yields to the requests (<see cref="BackgroundParallelism"/>).</param>
    public async Task<Report> ReconcileAsync(bool background, CancellationToken cancellationToken)
    {
        var parallelism = background ? BackgroundParallelism : Parallelism;
        var watch = Stopwatch.StartNew();
        await directory.SyncAsync();
        var synced = watch.Elapsed;
        var checkpoint = await log.ReadCheckpointAsync(cancellationToken);
        // Rows appended after this are applied by the process that appended them, or by the next checkpoint round.
        var upTo = await log.SettledSequenceAsync(cancellationToken);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var rows = 0;
        for (var after = checkpoint; after < upTo;)
        {
            var page = await log.ReadRangeAsync(after, upTo, options.Value.RowsPerRound, cancellationToken);
            if (page.Count == 0) break;
            // Pages go in log order and each unit's rows in order within a page, as the ingestor sent them.
            await ForEachUnitAsync(ByUnit(page), (unit, items) => grains.Unit(unit).Submit(items), cancellationToken, parallelism: parallelism);
            foreach (var row in page) touched.Add(row.Unit);
            rows += page.Count;
            after = page[^1].Item.Sequence;
        }

        var applied = watch.Elapsed;
        var onPaths = WithAncestors(touched);
        await ForEachUnitAsync(onPaths.Select(u => (u, Array.Empty<SubmissionItem>())), (unit, _) => grains.Unit(unit).Refresh(), cancellationToken,
            parallelism: parallelism);

        var report = new Report(checkpoint, rows, touched.Count, onPaths.Count, watch.Elapsed);
        // The phases, so a slow start says where its time went (the hierarchy sync waits for the hierarchy grain's
        // activation, which reads the whole hierarchy: 665,277 units nationally).
        logger.LogInformation("Replayed {Rows:N0} log rows of {Units:N0} units above checkpoint {Checkpoint} in {Seconds:F1} s; {Refreshed:N0} units re-reported " +
            "(hierarchy sync {SyncSeconds:F1} s, rows {RowSeconds:F1} s, re-reports {RefreshSeconds:F1} s)",
            report.Rows, report.Units, report.Checkpoint, report.Took.TotalSeconds, report.Refreshed,
            synced.TotalSeconds, (applied - synced).TotalSeconds, (report.Took - applied).TotalSeconds);
        return report;
    }

    /// <summary>The rows of a page grouped by unit, each unit's in log order.</summary>
    internal static IEnumerable<(string Unit, SubmissionItem[] Items)> ByUnit(IReadOnlyList<LoggedSubmission> rows) =>
        rows.GroupBy(r => r.Unit, StringComparer.Ordinal).Select(g => (g.Key, g.Select(r => r.Item).ToArray()));

    /// <summary>The units and all their ancestors.</summary>
    internal HashSet<string> WithAncestors(IEnumerable<string> units)
    {
        var onPaths = new HashSet<string>(units, StringComparer.Ordinal);
        directory.Read(d =>
        {
            foreach (var unit in onPaths.ToList())
                foreach (var ancestor in d.Ancestors(unit)) onPaths.Add(ancestor.Code);
            return onPaths.Count;
        });
        return onPaths;
    }

    /// <summary>One call per unit, a bounded number at once, each retried while its silo is not yet declared dead.</summary>
    internal async Task ForEachUnitAsync(IEnumerable<(string Unit, SubmissionItem[] Items)> units, Func<string, SubmissionItem[], Task> call,
        CancellationToken cancellationToken, int attempts = Attempts, int parallelism = Parallelism) =>
        await Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (pair, token) => await WithRetriesAsync(() => call(pair.Unit, pair.Items), pair.Unit, attempts, token));

    /// <summary>Right after a crash some grains sit on a silo not yet declared dead; their calls fail until it is.</summary>
    private async Task WithRetriesAsync(Func<Task> call, string unit, int attempts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { await call(); return; }
            catch (Exception error) when (attempt < attempts && !cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug("Unit {Unit} not reachable yet ({Error}); attempt {Attempt}", unit, error.Message, attempt);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
