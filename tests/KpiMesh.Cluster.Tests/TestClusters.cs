using Orleans.TestingHost;

namespace KpiMesh.Cluster.Tests;

/// <summary>Test clusters on the grain directory the server ships.</summary>
internal static class TestClusters
{
    /// <summary>
    /// A builder of <paramref name="silos"/> silos on Orleans' default grain directory, the one the server runs unless
    /// <c>Orleans:DistributedDirectory</c> is set. TestingHost 10 puts every test silo on the distributed grain directory
    /// (its <c>ConfigureDistributedGrainDirectory</c> configurator), which hid from these tests what the default one does
    /// when a silo stops or joins: a unit can have two activations for a moment (DuplicateActivationTests).
    /// </summary>
    public static TestClusterBuilder Builder(short silos)
    {
        var builder = new TestClusterBuilder(silos);
        var removed = builder.Options.SiloBuilderConfiguratorTypes.RemoveAll(t => t?.StartsWith("Orleans.TestingHost.ConfigureDistributedGrainDirectory", StringComparison.Ordinal) == true);
        if (removed != 1) throw new InvalidOperationException("TestingHost no longer adds its distributed grain directory configurator: review TestClusters");
        return builder;
    }
}
