using KpiMesh.Testing;
using KpiMesh.Abstractions;
using KpiMesh.Domain.Programmes;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;
using KpiMesh.Grains;
using KpiMesh.Grains.Log;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace KpiMesh.Cluster.Tests;

/// <summary>Sends submissions the way the gateway does, and compares every ancestor with the model.</summary>
internal static class RollupConvergence
{
    /// <param name="model">Fed with what the units are sent, in the same order; null when the test reads its model from the log afterwards.</param>
    /// <param name="log">
    /// The submission log, as a clustered server keeps it: each batch is appended first and the units are sent the
    /// log's sequences, as the gateway's ingestor does. Without it the items go to the units as generated.
    /// </param>
    public static async Task SendAsync(IGrainFactory grains, SubmissionModel? model, IReadOnlyList<(string Unit, SubmissionItem Item)> submissions,
        ISubmissionLog? log = null, int batchSize = 500)
    {
        for (var start = 0; start < submissions.Count; start += batchSize)
        {
            var batch = submissions.Skip(start).Take(batchSize).ToList();
            if (log is not null)
            {
                var logged = await log.AppendAsync(batch.Select(s => Valid(s.Unit, s.Item)).ToList(), "rollup-test", CancellationToken.None);
                Assert.DoesNotContain(logged, l => l.Outcome == LogOutcome.Conflict);
                batch = batch.Select((s, i) => (s.Unit, s.Item with { Sequence = logged[i].Sequence })).ToList();
            }
            // One call per unit per batch, items in order, as the ingestor sends them; the model sees the same order.
            await Task.WhenAll(batch.GroupBy(s => s.Unit).Select(g => grains.GetGrain<IUnitGrain>(g.Key).Submit(g.Select(s => s.Item).ToArray())));
            if (model is not null)
                foreach (var (unit, item) in batch) model.Apply(unit, item);
        }
    }

    /// <summary>Cells in one comparable line: every series' numerator, denominator, units reported and previous period's numerator.</summary>
    public static string Canonical(IEnumerable<SeriesCell> cells) =>
        string.Join(";", cells.OrderBy(c => c.Indicator, StringComparer.Ordinal).ThenBy(c => c.Option, StringComparer.Ordinal)
            .Select(c => $"{c.Indicator}/{c.Option}={c.Numerator}/{c.Denominator}/{c.Reported}/{c.Previous}"));

    /// <summary>A generated item as the ingestor logs it.</summary>
    public static ValidSubmission Valid(string unit, SubmissionItem item) =>
        new(unit, new RollupKey(item.Indicator, item.Option), item.Numerator, item.Denominator,
            ReportingPeriod.TryParse(item.Period, out var period) ? period : throw new InvalidDataException(item.Period), item.Id);

    /// <summary>
    /// Polls until every unit's numerator, denominator, expected and reported units equal the model's, or fails
    /// with the first differences once <paramref name="timeout"/> has passed.
    /// </summary>
    public static async Task AssertConvergesAsync(TestCluster cluster, SubmissionModel model, IReadOnlyList<string> units,
        IReadOnlyDictionary<string, int> expectedVillages, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<string> differences;
        do
        {
            differences = await DifferencesAsync(cluster, model, units, expectedVillages);
            if (differences.Count == 0) return;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"{differences.Count} differences after {timeout}:\n" + string.Join("\n", differences.Take(20)));
    }

    private static async Task<List<string>> DifferencesAsync(TestCluster cluster, SubmissionModel model, IReadOnlyList<string> units,
        IReadOnlyDictionary<string, int> expectedVillages)
    {
        var differences = new List<string>();
        // Read through each silo's own directory in turn: every silo must know the hierarchy.
        var silos = cluster.Silos.OfType<InProcessSiloHandle>().ToList();
        for (var i = 0; i < units.Count; i++)
        {
            var code = units[i];
            var directory = silos[i % silos.Count].SiloHost.Services.GetRequiredService<SiloUnitDirectory>();
            var totals = await cluster.Client.GetGrain<IUnitGrain>(code).GetTotals();
            var rows = directory.Read(d => new UnitReportBuilder(Programme.Default, d, Programme.Default.Today(DateTimeOffset.UtcNow)).Build(code, SeriesCell.ToContribution(totals.Cells)));
            differences.AddRange(RollupExpectations.Differences(code,
                rows.Select(r => new ObservedRow(r.Indicator, r.Option, r.Numerator, r.Denominator, r.ExpectedUnits, r.ReportedUnits)),
                model, expectedVillages[code]));
        }
        return differences;
    }
}
