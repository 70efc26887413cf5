using KpiMesh.Testing;
using KpiMesh.Abstractions;
using KpiMesh.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

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

    [Fact]
    public async Task Units_waiting_for_the_directory_at_once_share_one_catch_up()
    {
        // As on a silo that has just joined: every unit activated there finds its code missing and waits for a sync.
        var silo = fixture.Cluster.Silos.OfType<InProcessSiloHandle>().First();
        var directory = silo.SiloHost.Services.GetRequiredService<SiloUnitDirectory>();
        var before = directory.Syncs;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var found = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => directory.FindAsync($"99{i:D10}", mustExist: true).AsTask()));
        Assert.All(found, Assert.Null);
        // One sync already running when they came (the silo's periodic one, or the first of them) and one they all
        // share, plus the silo's periodic ones meanwhile (one every DirectorySyncService.Interval; a loaded machine once
        // took 3 s here, and made 4); one each made it 200 calls in a row.
        var periodic = (int)(watch.Elapsed / DirectorySyncService.Interval) + 1;
        Assert.InRange(directory.Syncs - before, 1, 2 + periodic);
    }

    [Fact]
    public async Task A_unit_reference_made_from_the_resolved_ids_is_the_one_GetGrain_makes()
    {
        var client = fixture.Cluster.Client;
        var rows = SharedData.HebeiCity("1303");
        Assert.Null((await client.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).Import(rows)).Error);
        foreach (var code in new[] { "13", "1303", rows[^1].Code })
        {
            var made = client.Unit(code);
            var usual = client.GetGrain<IUnitGrain>(code);
            Assert.Equal(usual.GetGrainId(), made.GetGrainId());
            Assert.Equal(usual, made);
            Assert.Equal((await usual.GetTotals()).Cells.Length, (await made.GetTotals()).Cells.Length);
        }
        Assert.Throws<ArgumentException>(() => client.Unit(" "));
    }
}
