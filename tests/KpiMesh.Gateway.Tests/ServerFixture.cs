using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KpiMesh.Gateway.Tests;

/// <summary>The real server (silo + gateway) on a loopback port, loaded with a small hierarchy over HTTP.</summary>
public class ServerFixture : IAsyncLifetime
{
    public const string Hierarchy = """
        code,name,level,parent_code
        86,中华人民共和国,nation,
        13,河北省,province,86
        1301,石家庄市,city,13
        130102,长安区,county,1301
        130104,桥西区,county,1301
        130102001,建北街道,town,130102
        130104001,东里街道,town,130104
        130102001001,村一,village,130102001
        130102001002,村二,village,130102001
        130104001001,村三,village,130104001
        130104001002,村四,village,130104001
        """;

    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        _app = LoopbackServer.Build([
            "--Demo:Enabled", "false",
            // Open on loopback even where the environment sets KPIMESH_ADMIN_KEY; fixtures that want keys say so.
            "--ADMIN_KEY", "",
            .. ExtraArguments,
        ], Configure);
        await _app.StartAsync();
        Address = LoopbackServer.AddressOf(_app);
        Http = Client(AdminKey);
        var load = await Http.PostAsync("/api/v1/hierarchy", new StringContent(Hierarchy, Encoding.UTF8, "text/csv"));
        Assert.True(load.IsSuccessStatusCode, await load.Content.ReadAsStringAsync());
    }

    /// <summary>Services to replace, for fixtures that need a different clock.</summary>
    protected virtual void Configure(IServiceCollection services) { }

    /// <summary>More command-line configuration, for fixtures that run the server differently.</summary>
    protected virtual string[] ExtraArguments => [];

    /// <summary>The key the fixture's own client sends; null for the open loopback default.</summary>
    public virtual string? AdminKey => null;

    public Uri Address { get; private set; } = null!;

    /// <summary>A client that sends <paramref name="apiKey"/> (or nothing).</summary>
    public HttpClient Client(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await LoopbackServer.StopAsync(_app);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    /// <summary>A submissions body (POST /api/v1/submissions) of whole fractions, one item per value.</summary>
    public static StringContent Submissions(params (string Unit, string Indicator, long Numerator, long Denominator, string Period)[] values) =>
        Json(JsonSerializer.Serialize(new
        {
            submissions = values.Select(v => new { unit = v.Unit, indicator = v.Indicator, numerator = v.Numerator, denominator = v.Denominator, period = v.Period }),
        }));
}
