using System.Diagnostics;
using Xunit.Abstractions;
using static KpiMesh.Gateway.Tests.AssessmentWorkflowTests;
using static KpiMesh.Gateway.Tests.SecuredServerFixture;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// The console's applications-by-stage view for a city, in Debian's headless Chromium (tests/browser/assessments.mjs),
/// on a fresh secured server whose applications this test makes through the API, so the counts are known.
/// </summary>
public sealed class BrowserAssessmentTests(SecuredServerFixture server, ITestOutputHelper output) : IClassFixture<SecuredServerFixture>
{
    [Fact]
    public async Task A_city_leader_sees_applications_by_stage_the_pass_rate_and_the_named_sites_in_chinese()
    {
        using var unit = server.Client(Admin);
        using var province = server.Client(ProvinceAssessor);
        async Task Ok(Task<HttpResponseMessage> call) => await HttpAssert.OkJsonAsync(await call);
        async Task UnderReview(string code)
        {
            await Ok(unit.PutAsync(Hebei(code) + "/self-check", Grades(_ => "A")));
            await Ok(unit.PostAsync(Hebei(code) + "/apply", Nothing));
            await Ok(unit.PostAsync(Hebei(code) + "/review", Nothing));
        }
        // Named at 100; under review; still self-checking; scored 77.5 and told to rectify.
        await UnderReview("130102001001");
        await Ok(province.PutAsync(Hebei("130102001001") + "/on-site", Grades(_ => "A", null)));
        await Ok(province.PostAsync(Hebei("130102001001") + "/decision", Decision("named")));
        await UnderReview("130102001002");
        await Ok(unit.PutAsync(Hebei("130104001001") + "/self-check", Grades(i => i.Section == 4 ? null : "A")));
        await UnderReview("130104001002");
        await Ok(province.PutAsync(Hebei("130104001002") + "/on-site", Grades(i => i.Section <= 2 ? "B" : "A", null)));
        var due = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(30).ToString("yyyy-MM-dd");
        await Ok(province.PostAsync(Hebei("130104001002") + "/decision", Decision("rectify", due, "\"补充专项经费\"")));
        await HttpAssert.PollAsync(server.Http, $"/api/v1/units/1301/assessments?year={Year}", b => b[0].GetProperty("applications").GetInt64() == 4);

        var browserTests = BrowserTestsFolder();
        Assert.True(File.Exists("/usr/bin/chromium") || Environment.GetEnvironmentVariable("CHROMIUM") is not null,
            "Chromium is not installed: run the tests with scripts/test.sh, which installs Debian's chromium");
        Assert.True(Directory.Exists(Path.Combine(browserTests, "node_modules", "playwright-core")),
            "playwright-core is not installed: run the tests with scripts/test.sh, which runs npm ci in tests/browser");
        var screenshot = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, "assessments.png");
        File.Delete(screenshot);

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = browserTests };
        foreach (var arg in new[] { "assessments.mjs", server.Address.ToString().TrimEnd('/'), screenshot, CityViewer, "1301",
                     "self_check=1,applied=0,under_review=1,assessed=0,named=1,not_named=0,rectify=1", "130102001001", "130104001002" })
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
    }

    private static string BrowserTestsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KpiMesh.sln"))) return Path.Combine(dir.FullName, "tests", "browser");
        throw new DirectoryNotFoundException("KpiMesh.sln not found above " + AppContext.BaseDirectory);
    }
}
