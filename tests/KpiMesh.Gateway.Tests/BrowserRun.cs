using System.Diagnostics;
using Xunit.Abstractions;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// Runs the scripts of tests/browser, which drive Debian's headless Chromium with Playwright (scripts/test.sh installs
/// both), and checks the screenshots they leave.
/// </summary>
internal static class BrowserRun
{
    /// <summary>One script with one screenshot (its second argument, after the server's address).</summary>
    public static async Task<byte[]> RunAsync(string script, string address, string screenshotName, IEnumerable<string> more, ITestOutputHelper output)
    {
        var screenshot = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, screenshotName);
        File.Delete(screenshot);
        await RunScriptAsync(script, new[] { address.TrimEnd('/'), screenshot }.Concat(more), TimeSpan.FromMinutes(2), output);
        return await ScreenshotAsync(screenshot, output);
    }

    /// <summary><c>node script arguments...</c> in tests/browser, which must exit with 0 within <paramref name="timeout"/>.</summary>
    public static async Task RunScriptAsync(string script, IEnumerable<string> arguments, TimeSpan timeout, ITestOutputHelper output)
    {
        var browserTests = Folder();
        Assert.True(File.Exists("/usr/bin/chromium") || Environment.GetEnvironmentVariable("CHROMIUM") is not null,
            "Chromium is not installed: run the tests with scripts/test.sh, which installs Debian's chromium");
        Assert.True(Directory.Exists(Path.Combine(browserTests, "node_modules", "playwright-core")),
            "playwright-core is not installed: run the tests with scripts/test.sh, which runs npm ci in tests/browser");
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = browserTests };
        foreach (var arg in arguments.Prepend(script))
            info.ArgumentList.Add(arg);
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(timeout);
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(node.ExitCode == 0, $"the browser run failed: {await stdout}{await stderr}");
    }

    /// <summary>A screenshot the run saved: it must be a PNG; its bytes, for a test to judge it further.</summary>
    public static async Task<byte[]> ScreenshotAsync(string path, ITestOutputHelper output)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        output.WriteLine($"screenshot: {path} ({bytes.Length:N0} bytes)");
        return bytes;
    }

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KpiMesh.sln"))) return Path.Combine(dir.FullName, "tests", "browser");
        throw new DirectoryNotFoundException("KpiMesh.sln not found above " + AppContext.BaseDirectory);
    }
}
