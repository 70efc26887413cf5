using KpiMesh.Server.Hosting;
using KpiMesh.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// The real server (silo + gateway) in this process on loopback, as every in-process test builds it: a free HTTP port,
/// free silo and gateway ports (tests run side by side) and only warnings logged. The test's own arguments come last,
/// so they win.
/// </summary>
internal static class LoopbackServer
{
    public static WebApplication Build(string[] arguments, Action<IServiceCollection>? overrides = null) => KpiMeshApp.Build([
        "--urls", "http://127.0.0.1:0",
        "--Orleans:SiloPort", FreePort.Next().ToString(),
        "--Orleans:GatewayPort", FreePort.Next().ToString(),
        "--Logging:LogLevel:Default", "Warning",
        .. arguments,
    ], overrides);

    /// <summary>Where a started server listens (the port was chosen by the system).</summary>
    public static Uri AddressOf(WebApplication app) =>
        new(KpiMeshApp.AddressesOf(app).First());

    /// <summary>Stops and disposes a server that may not have been built.</summary>
    public static async Task StopAsync(WebApplication? app)
    {
        if (app is null) return;
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
