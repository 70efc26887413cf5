using KpiMesh.Server.Seeding;
using Microsoft.AspNetCore.Builder;
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
        _app = LoopbackServer.Build([
            "--Demo:Enabled", "true",
            "--Demo:Feed", "off",
            "--ADMIN_KEY", "",
        ]);
        await _app.StartAsync();
        var error = await _app.Services.GetRequiredService<StartupStatus>().Completion.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(error is null, $"the demo did not load: {error}");
        Http = new HttpClient { BaseAddress = LoopbackServer.AddressOf(_app), Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await LoopbackServer.StopAsync(_app);
    }
}
