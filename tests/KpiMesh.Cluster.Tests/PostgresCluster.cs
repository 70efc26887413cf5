using KpiMesh.Grains;
using KpiMesh.Postgres;
using KpiMesh.Testing;
using Orleans.TestingHost;

namespace KpiMesh.Cluster.Tests;

/// <summary>Three in-process silos keeping grain state in PostgreSQL, as a deployed cluster does.</summary>
internal static class PostgresCluster
{
    private const string ConnectionKey = "KpiMeshTest:Postgres";
    private const string DurableLogKey = "KpiMeshTest:DurableLog";

    /// <summary>A throw-away database with KpiMesh's schema applied, as a server applies it at start.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var database = await TestDatabase.CreateAsync();
        await PostgresSchema.ApplyAsync(database.ConnectionString);
        return database;
    }

    /// <summary>A service id of its own, so clusters of tests running side by side never share state.</summary>
    public static string NewServiceId(string prefix = "kpimesh-test-") => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <param name="serviceId">Pass the same id to start a cluster that finds an earlier one's state.</param>
    /// <param name="durableLog">
    /// Also keep the submission log in PostgreSQL, as the server does: each silo then replays it above the checkpoint
    /// at start. Checkpoints are not taken by themselves: the test takes them step by step (<c>Checkpointer</c>).
    /// </param>
    /// <param name="customize">Adds to what each silo is given (a configurator of the test's own).</param>
    public static async Task<TestCluster> StartAsync(string connectionString, string serviceId, short silos = 3, bool durableLog = false,
        Action<TestClusterBuilder>? customize = null)
    {
        var builder = TestClusters.Builder(silos);
        builder.Options.ServiceId = serviceId;
        // TestingHost creates configurators with new(): settings travel through configuration, not closures.
        builder.Properties[ConnectionKey] = connectionString;
        builder.Properties[DurableLogKey] = durableLog.ToString();
        builder.Properties["Recovery:CheckpointInterval"] = "00:00:00";
        builder.AddSiloBuilderConfigurator<PostgresSiloConfigurator>();
        customize?.Invoke(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class PostgresSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddKpiMeshPostgresStorage(silo.Configuration[ConnectionKey]!);
            if (bool.Parse(silo.Configuration[DurableLogKey]!)) silo.AddKpiMeshPostgresLog(silo.Configuration[ConnectionKey]!);
            silo.Services.AddKpiMeshSiloServices(silo.Configuration);
        }
    }
}
