using KpiMesh.Grains;
using KpiMesh.Postgres;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace KpiMesh.Cluster.Tests;

/// <summary>Three in-process silos keeping grain state in PostgreSQL, as a deployed cluster does.</summary>
internal static class PostgresCluster
{
    private const string ConnectionKey = "KpiMeshTest:Postgres";

    /// <param name="serviceId">Pass the same id to start a cluster that finds an earlier one's state.</param>
    public static async Task<TestCluster> StartAsync(string connectionString, string serviceId, short silos = 3)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        // TestingHost creates configurators with new(): settings travel through configuration, not closures.
        builder.Properties[ConnectionKey] = connectionString;
        builder.AddSiloBuilderConfigurator<PostgresSiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class PostgresSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddKpiMeshPostgresStorage(silo.Configuration[ConnectionKey]!);
            silo.Services.AddKpiMeshSiloServices(new ConfigurationBuilder().Build());
        }
    }
}
