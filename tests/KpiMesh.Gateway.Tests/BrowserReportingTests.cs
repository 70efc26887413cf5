using System.Diagnostics;
using Xunit.Abstractions;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// The console's 月度填报与审核 section in Debian's headless Chromium (tests/browser/reporting.mjs): a county clerk
/// fills the town's template, fixes what the dry run refused and commits, completes the month; the city approves; a late
/// value typed into the form is refused with the reason.
/// </summary>
public sealed class BrowserReportingTests(ApprovalServerFixture server, ITestOutputHelper output) : IClassFixture<ApprovalServerFixture>
{
    [Fact]
    public async Task A_clerk_uploads_fixes_and_completes_the_month_the_city_approves_and_a_late_value_is_refused_in_the_form()
    {
        var browserTests = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "browser"));
        Assert.True(File.Exists("/usr/bin/chromium") || Environment.GetEnvironmentVariable("CHROMIUM") is not null,
            "Chromium is not installed: run the tests with scripts/test.sh, which installs Debian's chromium");
        Assert.True(Directory.Exists(Path.Combine(browserTests, "node_modules", "playwright-core")),
            "playwright-core is not installed: run the tests with scripts/test.sh, which runs npm ci in tests/browser");
        var screenshot = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, "reporting.png");
        File.Delete(screenshot);

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = browserTests };
        foreach (var arg in new[] { "reporting.mjs", server.Address.ToString().TrimEnd('/'), screenshot, SecuredServerFixture.CountySubmitter,
                     ApprovalServerFixture.CityApprover, "130102001", "2026-10" })
            info.ArgumentList.Add(arg);
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(node.ExitCode == 0, $"the browser run failed: {await stdout}{await stderr}");

        // What the browser did is in the server: the approval and the values the upload committed.
        var approval = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130102001/approvals/2026-10"));
        Assert.Equal("approved", approval.GetProperty("state").GetString());
        Assert.Equal("city-1301-approver", approval.GetProperty("by").GetString());
        var bytes = await File.ReadAllBytesAsync(screenshot);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        output.WriteLine($"screenshot: {screenshot} ({bytes.Length:N0} bytes)");
    }
}
