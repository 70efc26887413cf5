using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Xunit.Abstractions;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// The leaders' console as a person uses it, in Debian's headless Chromium driven by Playwright
/// (tests/browser/console.mjs; scripts/test.sh installs Chromium and the npm package), on the whole Hebei demo.
/// Screenshots, the exported files and the printed PDF are kept under the test output's <c>screenshots</c> folder.
/// </summary>
public sealed class BrowserConsoleTests(HebeiDemoFixture server, ITestOutputHelper output) : IClassFixture<HebeiDemoFixture>
{
    private const string Province = "13";

    [Fact]
    public async Task A_leader_reads_targets_in_Chinese_drills_down_by_map_laggard_and_search_sees_alerts_exports_and_prints()
    {
        var browserTests = BrowserTestsFolder();
        Assert.True(File.Exists("/usr/bin/chromium") || Environment.GetEnvironmentVariable("CHROMIUM") is not null,
            "Chromium is not installed: run the tests with scripts/test.sh, which installs Debian's chromium");
        Assert.True(Directory.Exists(Path.Combine(browserTests, "node_modules", "playwright-core")),
            "playwright-core is not installed: run the tests with scripts/test.sh, which runs npm ci in tests/browser");
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = browserTests };
        foreach (var arg in new[] { "console.mjs", server.Http.BaseAddress!.ToString().TrimEnd('/'), folder, "13,1301,130102,130102001,130102001001", "河北" })
            info.ArgumentList.Add(arg);
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(node.ExitCode == 0, $"the browser run failed: {await stdout}{await stderr}");

        foreach (var name in new[] { "console-zh.png", "console-city-map.png", "console-en.png", "console-print.png", "console-phone.png" })
        {
            // Not blank: a PNG, and large enough to hold a rendered page rather than an empty one.
            var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, name));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.True(bytes.Length > 20_000, $"{name} is only {bytes.Length} bytes: blank?");
            output.WriteLine($"screenshot: {Path.Combine(folder, name)} ({bytes.Length:N0} bytes)");
        }

        // The downloaded workbook opens in MiniExcel and holds the province's indicator table as the page showed it.
        var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "indicators.expected.json"))).RootElement;
        var rows = MiniExcel.Query(Path.Combine(folder, "indicators.xlsx"), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(expected.GetProperty("rows").GetInt32(), rows.Count);
        Assert.Equal(["指标", "进度", "当前值", "目标（截止日期）", "状态", "按当前速度预测", "分子 / 分母", "上报完整度"], rows[0].Keys);
        var unit = await server.Http.GetFromJsonAsync<JsonElement>($"/api/v1/units/{Province}");
        var rooms = unit.GetProperty("indicators").EnumerateArray().First(r => r.GetProperty("indicator").GetString() == "village_room_rate");
        var roomsRow = rows.Single(r => (r["指标"] as string)?.StartsWith("村（社区）心理咨询室或社会工作室", StringComparison.Ordinal) == true);
        Assert.Equal(rooms.GetProperty("target").GetDouble(), Convert.ToDouble(roomsRow["目标（截止日期）"]), 6);
        // The value is the row's own numerator over denominator (the province may have moved on since the export).
        var fraction = ((string)roomsRow["分子 / 分母"]!).Split('/').Select(p => double.Parse(p.Replace(",", "").Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(fraction[0] / fraction[1], Convert.ToDouble(roomsRow["当前值"]), 9);
    }

    [Fact]
    public async Task Every_Hebei_city_and_county_is_drawn_by_a_boundary_except_development_zones()
    {
        var cities = await server.Http.GetFromJsonAsync<JsonElement>($"/api/v1/units/{Province}/map");
        Assert.Equal("maps/13.json", cities.GetProperty("map").GetString());
        Assert.Empty(cities.GetProperty("unmatched").EnumerateArray());
        var cityCodes = cities.GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("code").GetString()!).ToList();
        Assert.Equal(11, cityCodes.Distinct().Count());

        var counties = 0;
        foreach (var city in cityCodes)
        {
            var map = await server.Http.GetFromJsonAsync<JsonElement>($"/api/v1/units/{city}/map");
            Assert.Equal($"maps/{city}.json", map.GetProperty("map").GetString());
            var unmatched = map.GetProperty("unmatched").EnumerateArray().Select(u => u.GetProperty("code").GetString()!).ToList();
            // Development zones (统计用区划代码 71-79) have no polygon of their own; every other county has one.
            Assert.All(unmatched, code => Assert.True(KpiMesh.Domain.Maps.BoundaryMatcher.IsDevelopmentZone(code), $"county {code} of {city} has no boundary"));
            var areas = map.GetProperty("areas").EnumerateArray().ToList();
            Assert.Equal(areas.Count, areas.Select(a => a.GetProperty("code").GetString()).Distinct().Count());
            counties += areas.Count;
        }
        output.WriteLine($"{counties} counties of 11 cities matched to boundaries");
        Assert.True(counties >= 160, $"only {counties} counties matched");
    }

    private static string BrowserTestsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KpiMesh.sln"))) return Path.Combine(dir.FullName, "tests", "browser");
        throw new DirectoryNotFoundException("KpiMesh.sln not found above " + AppContext.BaseDirectory);
    }
}
