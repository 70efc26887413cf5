using KpiMesh.Server.Hosting;
using KpiMesh.Server.Seeding;
using KpiMesh.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// The real server with the whole Hebei demo loaded (56,713 units and their demo values), as a leader first sees it,
/// without the live feed so the tests' own submissions are the only changes.
/// </summary>
public sealed class HebeiDemoFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = KpiMeshApp.Build([
            "--urls", "http://127.0.0.1:0",
            "--Demo:Enabled", "true",
            "--Demo:Feed", "off",
            "--Orleans:SiloPort", FreePort.Next().ToString(),
            "--Orleans:GatewayPort", FreePort.Next().ToString(),
            "--Logging:LogLevel:Default", "Warning",
            "--ADMIN_KEY", "",
        ]);
        await _app.StartAsync();
        var error = await _app.Services.GetRequiredService<StartupStatus>().Completion.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(error is null, $"the demo did not load: {error}");
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
