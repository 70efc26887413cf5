using System.Diagnostics;
using KpiMesh.Abstractions;
using KpiMesh.Grains.Log;
using Microsoft.Extensions.Logging;

namespace KpiMesh.Grains.Services;

/// <summary>
/// Makes the rollups equal what the submission log implies, after a crash of any process. It replays the winning
/// row of every series to its unit (units that already hold it see a duplicate, or a value that does not change)
/// and then has every unit on those paths report to its parent again, so a parent that lost reports it had not yet
/// saved gets them back. Replays are ordered by the log, so a replay never overwrites a newer value.
/// </summary>
public sealed class LogReconciler(IGrainFactory grains, ISubmissionLog log, SiloUnitDirectory directory, ILogger<LogReconciler> logger)
{
    private const int Parallelism = 32;
    private const int Attempts = 60;

    public sealed record Report(int Series, int Units, int Refreshed, TimeSpan Took);

    public async Task<Report> ReconcileAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await directory.SyncAsync();
        var byUnit = new Dictionary<string, List<SubmissionItem>>(StringComparer.Ordinal);
        var series = 0;
        await foreach (var winner in log.ReadWinnersAsync(cancellationToken))
        {
            if (!byUnit.TryGetValue(winner.Unit, out var items)) byUnit[winner.Unit] = items = [];
            items.Add(winner.Item);
            series++;
        }
        if (series == 0) return new Report(0, 0, 0, watch.Elapsed);
        logger.LogInformation("Reconcile: replaying {Series:N0} series of {Units:N0} units from the submission log", series, byUnit.Count);

        await Parallel.ForEachAsync(byUnit, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (pair, token) => await WithRetriesAsync(() => grains.GetGrain<IUnitGrain>(pair.Key).Submit(pair.Value.ToArray()), pair.Key, token));

        var onPaths = new HashSet<string>(byUnit.Keys, StringComparer.Ordinal);
        directory.Read(d =>
        {
            foreach (var unit in byUnit.Keys)
                foreach (var ancestor in d.Ancestors(unit)) onPaths.Add(ancestor.Code);
            return onPaths.Count;
        });
        await Parallel.ForEachAsync(onPaths, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (unit, token) => await WithRetriesAsync(() => grains.GetGrain<IUnitGrain>(unit).Refresh(), unit, token));

        var report = new Report(series, byUnit.Count, onPaths.Count, watch.Elapsed);
        logger.LogInformation("Reconcile done in {Seconds:F1} s: {Series:N0} series replayed, {Refreshed:N0} units re-reported",
            report.Took.TotalSeconds, report.Series, report.Refreshed);
        return report;
    }

    /// <summary>Right after a crash some grains sit on a silo not yet declared dead; their calls fail until it is.</summary>
    private async Task WithRetriesAsync(Func<Task> call, string unit, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { await call(); return; }
            catch (Exception error) when (attempt < Attempts && !cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug("Reconcile: unit {Unit} not reachable yet ({Error}); attempt {Attempt}", unit, error.Message, attempt);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
