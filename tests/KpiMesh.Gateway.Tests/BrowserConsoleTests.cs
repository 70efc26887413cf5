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
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);

        await BrowserRun.RunScriptAsync("console.mjs", [server.Http.BaseAddress!.ToString().TrimEnd('/'), folder, "13,1301,130102,130102001,130102001001", "河北"],
            TimeSpan.FromMinutes(5), output);

        foreach (var name in new[] { "console-zh.png", "console-city-map.png", "console-approvals.png", "console-en.png", "console-print.png", "console-phone.png", "console-phone-top.png" })
        {
            // Not blank: a PNG, and large enough to hold a rendered page rather than an empty one.
            var bytes = await BrowserRun.ScreenshotAsync(Path.Combine(folder, name), output);
            Assert.True(bytes.Length > 20_000, $"{name} is only {bytes.Length} bytes: blank?");
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
}
