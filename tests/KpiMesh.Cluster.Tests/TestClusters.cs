using Orleans.TestingHost;

namespace KpiMesh.Cluster.Tests;

/// <summary>Test clusters on the grain directory the server ships.</summary>
internal static class TestClusters
{
    /// <summary>
    /// A builder of <paramref name="silos"/> silos on Orleans' default grain directory. TestingHost 10 puts every test
    /// silo on the distributed grain directory (an experimental one, its <c>ConfigureDistributedGrainDirectory</c>
    /// configurator), which the server uses only when <c>Orleans:DistributedDirectory</c> is set (off by default, README
    /// "Grain directory"): what is tested is what runs.
    /// </summary>
    public static TestClusterBuilder Builder(short silos)
    {
        var builder = new TestClusterBuilder(silos);
        var removed = builder.Options.SiloBuilderConfiguratorTypes.RemoveAll(t => t?.StartsWith("Orleans.TestingHost.ConfigureDistributedGrainDirectory", StringComparison.Ordinal) == true);
        if (removed != 1) throw new InvalidOperationException("TestingHost no longer adds its distributed grain directory configurator: review TestClusters");
        return builder;
    }
}
