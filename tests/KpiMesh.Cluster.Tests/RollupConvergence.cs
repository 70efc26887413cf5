using KpiMesh.Testing;
using KpiMesh.Abstractions;
using KpiMesh.Domain.Programmes;
using KpiMesh.Domain.Reports;
using KpiMesh.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace KpiMesh.Cluster.Tests;

/// <summary>Sends submissions the way the gateway does, and compares every ancestor with the model.</summary>
internal static class RollupConvergence
{
    public static async Task SendAsync(IGrainFactory grains, SubmissionModel model, IReadOnlyList<(string Unit, SubmissionItem Item)> submissions, int batchSize = 500)
    {
        for (var start = 0; start < submissions.Count; start += batchSize)
        {
            var batch = submissions.Skip(start).Take(batchSize).ToList();
            // One call per unit per batch, items in order, as the ingestor sends them; the model sees the same order.
            await Task.WhenAll(batch.GroupBy(s => s.Unit).Select(g => grains.GetGrain<IUnitGrain>(g.Key).Submit(g.Select(s => s.Item).ToArray())));
            foreach (var (unit, item) in batch) model.Apply(unit, item);
        }
    }

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
