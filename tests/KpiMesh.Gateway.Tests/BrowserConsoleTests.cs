using System.Diagnostics;
using Xunit.Abstractions;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// The console as a person uses it, in Debian's headless Chromium driven by Playwright (tests/browser/console.mjs;
/// scripts/test.sh installs Chromium and the npm package).
/// </summary>
public sealed class BrowserConsoleTests(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_person_drills_from_the_province_to_a_village_and_sees_a_submission_arrive_without_reloading()
    {
        var browserTests = BrowserTestsFolder();
        Assert.True(File.Exists("/usr/bin/chromium") || Environment.GetEnvironmentVariable("CHROMIUM") is not null,
            "Chromium is not installed: run the tests with scripts/test.sh, which installs Debian's chromium");
        Assert.True(Directory.Exists(Path.Combine(browserTests, "node_modules", "playwright-core")),
            "playwright-core is not installed: run the tests with scripts/test.sh, which runs npm ci in tests/browser");
        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        var screenshot = Path.Combine(screenshots, "console.png");
        File.Delete(screenshot);

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = browserTests };
        foreach (var arg in new[] { "console.mjs", server.Http.BaseAddress!.ToString().TrimEnd('/'), screenshot, "13,1301,130102,130102001,130102001001", "河北" })
            info.ArgumentList.Add(arg);
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(node.ExitCode == 0, $"the browser run failed: {await stdout}{await stderr}");

        // Not blank: a PNG, and large enough to hold a rendered page rather than an empty one.
        var bytes = await File.ReadAllBytesAsync(screenshot);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.True(bytes.Length > 20_000, $"screenshot is only {bytes.Length} bytes: blank?");
        output.WriteLine($"screenshot: {screenshot} ({bytes.Length:N0} bytes)");
    }

    private static string BrowserTestsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KpiMesh.sln"))) return Path.Combine(dir.FullName, "tests", "browser");
        throw new DirectoryNotFoundException("KpiMesh.sln not found above " + AppContext.BaseDirectory);
    }
}
