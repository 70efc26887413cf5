using KpiMesh.Grains;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace KpiMesh.Cluster.Tests;

/// <summary>Three in-process silos with in-memory grain storage, configured as the server configures one.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = TestClusters.Builder(3);
        builder.AddSiloBuilderConfigurator<MemorySiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class MemorySiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Units);
            silo.Services.AddKpiMeshSiloServices(new ConfigurationBuilder().Build());
        }
    }
}
