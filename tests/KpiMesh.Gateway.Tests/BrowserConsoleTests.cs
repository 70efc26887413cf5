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
        var bytes = await BrowserRun.RunAsync("console.mjs", server.Http.BaseAddress!.ToString(), "console.png",
            ["13,1301,130102,130102001,130102001001", "河北"], output);

        // Not blank (BrowserRun checked it is a PNG): large enough to hold a rendered page rather than an empty one.
        Assert.True(bytes.Length > 20_000, $"screenshot is only {bytes.Length} bytes: blank?");
    }
}
