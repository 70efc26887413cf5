using System.Diagnostics;
using Xunit.Abstractions;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// Runs one script of tests/browser in Debian's headless Chromium driven by Playwright (scripts/test.sh installs both):
/// <c>node script address screenshot more...</c>. The run must succeed and leave a PNG screenshot, whose bytes it answers.
/// </summary>
internal static class BrowserRun
{
    public static async Task<byte[]> RunAsync(string script, string address, string screenshotName, IEnumerable<string> more, ITestOutputHelper output)
    {
        var browserTests = Folder();
        Assert.True(File.Exists("/usr/bin/chromium") || Environment.GetEnvironmentVariable("CHROMIUM") is not null,
            "Chromium is not installed: run the tests with scripts/test.sh, which installs Debian's chromium");
        Assert.True(Directory.Exists(Path.Combine(browserTests, "node_modules", "playwright-core")),
            "playwright-core is not installed: run the tests with scripts/test.sh, which runs npm ci in tests/browser");
        var screenshot = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, screenshotName);
        File.Delete(screenshot);

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = browserTests };
        foreach (var arg in new[] { script, address.TrimEnd('/'), screenshot }.Concat(more))
            info.ArgumentList.Add(arg);
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(node.ExitCode == 0, $"the browser run failed: {await stdout}{await stderr}");
        var bytes = await File.ReadAllBytesAsync(screenshot);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        output.WriteLine($"screenshot: {screenshot} ({bytes.Length:N0} bytes)");
        return bytes;
    }

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KpiMesh.sln"))) return Path.Combine(dir.FullName, "tests", "browser");
        throw new DirectoryNotFoundException("KpiMesh.sln not found above " + AppContext.BaseDirectory);
    }
}
