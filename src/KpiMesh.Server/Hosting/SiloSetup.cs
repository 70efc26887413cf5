using KpiMesh.Grains;

namespace KpiMesh.Server.Hosting;

/// <summary>
/// Orleans configuration. With nothing configured the silo runs alone with localhost clustering and in-memory
/// grain storage: the embedded default, where nothing survives a restart.
/// </summary>
public static class SiloSetup
{
    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        var siloPort = configuration.GetValue("Orleans:SiloPort", 11111);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", 30000);
        silo.UseLocalhostClustering(siloPort, gatewayPort);
        silo.AddMemoryGrainStorage(StorageNames.Units);
    }
}
