using KpiMesh.Testing;
using KpiMesh.Abstractions;
using KpiMesh.Grains;

namespace KpiMesh.Cluster.Tests;

public sealed class LiveRollupTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Settle = new RollupOptions().StalenessBound * 10;

    [Fact]
    public async Task Thousands_of_random_submissions_roll_up_exactly_to_every_ancestor_across_three_silos()
    {
        var cluster = fixture.Cluster;
        Assert.Equal(3, cluster.Silos.Count);
        var rows = SharedData.HebeiCity("1303");
        var outcome = await cluster.Client.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).Import(rows);
        Assert.Null(outcome.Error);
        Assert.Equal(rows.Length, outcome.Added + outcome.Unchanged);

        var parentOf = SharedData.ParentMap(rows);
        var model = new SubmissionModel(parentOf);
        var submissions = RandomSubmissions.Generate(rows, 5_000, seed: 42);
        await RollupConvergence.SendAsync(cluster.Client, model, submissions);

        // Every administrative unit above the villages, from the towns to the nation.
        var ancestors = rows.Where(r => r.Level is not "village").Select(r => r.Code).ToList();
        var villagesUnder = ancestors.ToDictionary(code => code, code => rows.Count(r => r.Level == "village" && SharedData.IsUnder(r.Code, code, parentOf)));
        await RollupConvergence.AssertConvergesAsync(cluster, model, ancestors, villagesUnder, Settle);
    }
}
