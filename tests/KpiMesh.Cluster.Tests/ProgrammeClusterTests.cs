using KpiMesh.Abstractions;
using KpiMesh.Domain.Programmes;
using KpiMesh.Grains.Services;
using KpiMesh.Postgres;
using KpiMesh.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace KpiMesh.Cluster.Tests;

/// <summary>The programme and attributes across a 3-silo cluster on PostgreSQL: every silo judges with them, and they survive a restart.</summary>
public sealed class ProgrammeClusterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_programme_change_reaches_every_silo_is_judged_against_the_hierarchy_and_survives_a_full_restart()
    {
        await using var database = await PostgresCluster.CreateDatabaseAsync();
        var serviceId = PostgresCluster.NewServiceId();
        var rows = SharedData.HebeiCity("1303");
        var county = rows.First(r => r.Level == "county").Code;
        var sibling = rows.Where(r => r.Level == "county").Skip(1).First().Code;
        var scoped = Programme.Default.WithScope(county, new ProgrammeDocument(null, null, null, null, null,
            [new IndicatorSpec("crisis_teams_local", new NamesSpec("心理危机干预队伍数", "Crisis-intervention teams"), "支", "count", ["town"],
                null, null, null, null, null, null, null, null, null, null, "seed 004 template 3: 7支心理危机干预团队")], [])).ToJson();

        var cluster = await PostgresCluster.StartAsync(database.ConnectionString, serviceId);
        int version;
        try
        {
            Assert.Null((await cluster.Client.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).Import(rows)).Error);
            var programmes = cluster.Client.GetGrain<IProgrammeGrain>(IProgrammeGrain.Key);
            // Judged against the hierarchy: a scope that does not exist is refused with its path, and nothing changes.
            var refused = await programmes.Replace(scoped.Replace($"\"scope\": \"{county}\"", "\"scope\": \"139999\""), 0);
            Assert.Equal("$.indicators[" + (Programme.Default.Catalog.All.Count) + "].scope", refused.Problems.Single().Path);
            var applied = await programmes.Replace(scoped, 0);
            Assert.Empty(applied.Problems);
            version = applied.Version;
            Assert.True((await programmes.Replace(scoped, 0)).Conflict); // a writer that read version 0 cannot overwrite version 1
            Assert.Empty(await programmes.AddAttributes($"code,attribute,year,value\n{county},population,2025,300000\n{sibling},population,2025,200000\n"));

            // Every silo's cache follows within seconds (its hierarchy too), without anyone reading through it.
            foreach (var silo in cluster.Silos.OfType<InProcessSiloHandle>())
            {
                var cache = silo.SiloHost.Services.GetRequiredService<ProgrammeCache>();
                var deadline = DateTime.UtcNow + Patience;
                while ((cache.Current.Programme.Version != version || cache.Current.Attributes.SumInSubtree("1303", "population", 2026) != 500_000)
                       && DateTime.UtcNow < deadline) await Task.Delay(100);
                Assert.Equal(version, cache.Current.Programme.Version);
                Assert.Equal(county, cache.Current.Programme.Catalog.Find("crisis_teams_local")!.Scope);
                Assert.Equal(500_000, cache.Current.Attributes.SumInSubtree("1303", "population", 2026));
            }
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        // A new cluster of the same service finds the programme and the attributes in PostgreSQL.
        var restarted = await PostgresCluster.StartAsync(database.ConnectionString, serviceId);
        try
        {
            var snapshot = await restarted.Client.GetGrain<IProgrammeGrain>(IProgrammeGrain.Key).GetIfNewer(0, 0);
            Assert.Equal((version, 1, 2), (snapshot!.Version, snapshot.AttributesVersion, snapshot.Attributes.Length));
            Assert.Equal(county, Programme.Load(snapshot.Document!).Catalog.Find("crisis_teams_local")!.Scope);
        }
        finally
        {
            await restarted.StopAllSilosAsync();
            await restarted.DisposeAsync();
        }
    }
}
