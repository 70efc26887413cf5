using KpiMesh.Testing;
using KpiMesh.Abstractions;
using KpiMesh.Grains;
using KpiMesh.Grains.Log;
using Microsoft.Extensions.DependencyInjection;
using KpiMesh.Postgres;
using Orleans.TestingHost;

namespace KpiMesh.Cluster.Tests;

public sealed class PostgresRollupTests
{
    private static readonly TimeSpan Settle = new RollupOptions().StalenessBound * 20;

    [Fact]
    public async Task The_schema_applies_to_an_empty_database_and_again_without_change()
    {
        await using var database = await TestDatabase.CreateAsync();
        await PostgresSchema.ApplyAsync(database.ConnectionString);
        await PostgresSchema.ApplyAsync(database.ConnectionString);
        Assert.Equal(3L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM orleansquery WHERE querykey IN ('WriteToStorageKey', 'ReadFromStorageKey', 'ClearStorageKey')"));
    }

    [Fact]
    public async Task Rollups_stay_exact_when_a_silo_stops_and_another_starts_mid_run_and_survive_a_full_restart()
    {
        await using var database = await PostgresCluster.CreateDatabaseAsync();
        var serviceId = PostgresCluster.NewServiceId();
        var rows = SharedData.HebeiCity("1303");
        var parentOf = SharedData.ParentMap(rows);
        var model = new SubmissionModel(parentOf);
        var submissions = RandomSubmissions.Generate(rows, 3_000, seed: 7);
        var ancestors = rows.Where(r => r.Level is not "village").Select(r => r.Code).ToList();
        var villagesUnder = ancestors.ToDictionary(code => code, code => rows.Count(r => r.Level == "village" && SharedData.IsUnder(r.Code, code, parentOf)));

        var cluster = await PostgresCluster.StartAsync(database.ConnectionString, serviceId, durableLog: true, customize: AsTheServerRuns);
        Dictionary<string, UnitTotals> before;
        try
        {
            Assert.Null((await cluster.Client.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).Import(rows)).Error);
            var third = submissions.Count / 3;
            // The primary silo's log: that silo runs throughout.
            var log = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredService<ISubmissionLog>();
            await RollupConvergence.SendAsync(cluster.Client, model, submissions.Take(third).ToList(), log);
            await cluster.StopSiloAsync(cluster.SecondarySilos[0]);            // graceful: its grains deactivate and persist
            await RollupConvergence.SendAsync(cluster.Client, model, submissions.Skip(third).Take(third).ToList(), log);
            await cluster.StartAdditionalSiloAsync();
            await RollupConvergence.SendAsync(cluster.Client, model, submissions.Skip(2 * third).ToList(), log);
            await RollupConvergence.AssertConvergesAsync(cluster, model, ancestors, villagesUnder, Settle);
            before = await TotalsAsync(cluster, ancestors);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        // A new cluster of the same service finds every rollup as it was, from PostgreSQL alone.
        var restarted = await PostgresCluster.StartAsync(database.ConnectionString, serviceId, durableLog: true, customize: AsTheServerRuns);
        try
        {
            await RollupConvergence.AssertConvergesAsync(restarted, model, ancestors, villagesUnder, Settle);
            var after = await TotalsAsync(restarted, ancestors);
            foreach (var code in ancestors)
                Assert.Equal(RollupConvergence.Canonical(before[code].Cells), RollupConvergence.Canonical(after[code].Cells));
        }
        finally
        {
            await restarted.StopAllSilosAsync();
            await restarted.DisposeAsync();
        }
    }

    /// <summary>
    /// As a clustered server runs: the submission log and its checkpoints (every second here, 10 s by default), on
    /// Orleans' default grain directory (as every test cluster), where a silo's stop or start can leave a unit with two
    /// activations for a moment (DuplicateActivationTests has the cases).
    /// </summary>
    private static void AsTheServerRuns(TestClusterBuilder builder) => builder.Properties["Recovery:CheckpointInterval"] = "00:00:01";

    private static async Task<Dictionary<string, UnitTotals>> TotalsAsync(TestCluster cluster, IEnumerable<string> codes)
    {
        var result = new Dictionary<string, UnitTotals>();
        foreach (var code in codes) result[code] = await cluster.Client.GetGrain<IUnitGrain>(code).GetTotals();
        return result;
    }
}
