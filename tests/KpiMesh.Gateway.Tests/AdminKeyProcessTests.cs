using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using KpiMesh.Server.Auth;
using KpiMesh.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KpiMesh.Gateway.Tests;

/// <summary>The server as scripts start it: KPIMESH_ADMIN_KEY from the environment, or a key printed at start.</summary>
public sealed partial class AdminKeyProcessTests
{
    private static (Process Process, Uri Address, Func<string> Output) Start(Dictionary<string, string> environment)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "KpiMesh.Server.dll"), "--urls", $"http://127.0.0.1:{port}", "--Demo:Enabled", "false",
            "--Orleans:SiloPort", FreePort.Next().ToString(), "--Orleans:GatewayPort", FreePort.Next().ToString(),
        }) info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        info.Environment.Remove("KPIMESH_POSTGRES");
        var process = Process.Start(info)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, new Uri($"http://127.0.0.1:{port}"), () => { lock (output) return output.ToString(); });
    }

    private static async Task WaitLiveAsync(Uri address, Func<string> output)
    {
        using var http = new HttpClient { BaseAddress = address };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try { if ((await http.GetAsync("/health/live")).IsSuccessStatusCode && output().Contains("Rollups reach")) return; }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) Assert.Fail("the server did not start: " + output());
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task KPIMESH_ADMIN_KEY_is_the_admin_key_and_nothing_is_open()
    {
        const string key = "env-admin-key-0123456789";
        var (process, address, output) = Start(new() { ["KPIMESH_ADMIN_KEY"] = key });
        try
        {
            await WaitLiveAsync(address, output);
            using var anonymous = new HttpClient { BaseAddress = address };
            await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/v1/hierarchy"), HttpStatusCode.Unauthorized);
            anonymous.DefaultRequestHeaders.Add(ApiKeyHandler.Header, key);
            await HttpAssert.OkJsonAsync(await anonymous.GetAsync("/api/v1/hierarchy"));
            Assert.DoesNotContain("OPEN ACCESS", output());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [GeneratedRegex("X-Api-Key: ([0-9a-f]{48})")]
    private static partial Regex PrintedKey();

    [Fact]
    public async Task With_nothing_configured_it_says_it_is_open_on_loopback_and_prints_a_working_admin_key()
    {
        var (process, address, output) = Start(new() { ["KPIMESH_ADMIN_KEY"] = "" });
        try
        {
            await WaitLiveAsync(address, output);
            Assert.Contains("OPEN ACCESS ON LOOPBACK", output());
            var key = PrintedKey().Match(output()).Groups[1].Value;
            using var http = new HttpClient { BaseAddress = address };
            http.DefaultRequestHeaders.Add(ApiKeyHandler.Header, key);
            await HttpAssert.OkJsonAsync(await http.GetAsync("/api/v1/hierarchy"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.20.30.40", false)]
    [InlineData("192.168.1.5", false)]
    public async Task Open_access_is_for_loopback_callers_only(string remote, bool signedIn)
    {
        var keys = new ApiKeyStore(Options.Create(new AuthOptions()), new ConfigurationBuilder().Build());
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
