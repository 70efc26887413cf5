using System.Net;
using System.Text.RegularExpressions;
using KpiMesh.Server.Auth;
using KpiMesh.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KpiMesh.Gateway.Tests;

/// <summary>The server as scripts start it: KPIMESH_ADMIN_KEY from the environment, or a key printed at start.</summary>
public sealed partial class AdminKeyProcessTests
{
    [Fact]
    public async Task KPIMESH_ADMIN_KEY_is_the_admin_key_and_nothing_is_open()
    {
        const string key = "env-admin-key-0123456789";
        await using var server = ServerProcess.Start([], new Dictionary<string, string> { ["KPIMESH_ADMIN_KEY"] = key });
        await server.WaitAsync("/health/live", "Rollups reach");
        using var anonymous = new HttpClient { BaseAddress = server.Address };
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/v1/hierarchy"), HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Add(ApiKeyHandler.Header, key);
        await HttpAssert.OkJsonAsync(await anonymous.GetAsync("/api/v1/hierarchy"));
        Assert.DoesNotContain("OPEN ACCESS", server.Output);
    }

    [GeneratedRegex("X-Api-Key: ([0-9a-f]{48})")]
    private static partial Regex PrintedKey();

    [Fact]
    public async Task With_nothing_configured_it_says_it_is_open_on_loopback_and_prints_a_working_admin_key()
    {
        await using var server = ServerProcess.Start([]);
        await server.WaitAsync("/health/live", "Rollups reach");
        Assert.Contains("OPEN ACCESS ON LOOPBACK", server.Output);
        var key = PrintedKey().Match(server.Output).Groups[1].Value;
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Add(ApiKeyHandler.Header, key);
        await HttpAssert.OkJsonAsync(await http.GetAsync("/api/v1/hierarchy"));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.20.30.40", false)]
    [InlineData("192.168.1.5", false)]
    public async Task Open_access_is_for_loopback_callers_only(string remote, bool signedIn)
    {
        var keys = new ApiKeyStore(Options.Create(new AuthOptions()));
        Assert.True(keys.IsOpen);
        var handler = new ApiKeyHandler(new SchemeOptions(), NullLoggerFactory.Instance, System.Text.Encodings.Web.UrlEncoder.Default, keys);
        var context = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(remote) } };
        await handler.InitializeAsync(new AuthenticationScheme(ApiKeyHandler.SchemeName, null, typeof(ApiKeyHandler)), context);
        var result = await handler.AuthenticateAsync();
        Assert.Equal(signedIn, result.Succeeded);
    }

    private sealed class SchemeOptions : IOptionsMonitor<AuthenticationSchemeOptions>
    {
        public AuthenticationSchemeOptions CurrentValue { get; } = new();
        public AuthenticationSchemeOptions Get(string? name) => CurrentValue;
        public IDisposable? OnChange(Action<AuthenticationSchemeOptions, string?> listener) => null;
    }
}
