using System.Text;
using System.Text.Json;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// Rising red warnings through HTTP onto real grains: a town's rise reaches every level above it through the rollup
/// (the alerts summary each unit reports upwards with its totals), and its fall takes it away again.
/// </summary>
public sealed class AlertTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Task SubmitRedAsync(string town, long count, string period) => SubmitAsync([(town, count, period)]);

    private async Task SubmitAsync(IEnumerable<(string Town, long Count, string Period)> items)
    {
        var body = JsonSerializer.Serialize(new
        {
            submissions = items.Select(i => new { unit = i.Town, indicator = "warning_cases", option = "red", numerator = i.Count, period = i.Period }),
        });
        Assert.Equal(0, (await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json(body))))
            .GetProperty("rejected").GetArrayLength());
    }

    private static string[] Codes(JsonElement alerts) =>
        alerts.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("code").GetString()!).ToArray();

    [Fact]
    public async Task A_rising_red_count_at_a_town_appears_at_the_province_and_the_nation_and_a_fall_removes_it()
    {
        await SubmitRedAsync("130102001", 2, "2026-10");
        await SubmitRedAsync("130104001", 4, "2026-10");
        // A first report is the town's baseline: no alert anywhere.
        await HttpAssert.PollAsync(server.Http, "/api/v1/units/13", u => u.GetProperty("indicators").EnumerateArray()
            .Any(r => r.GetProperty("indicator").GetString() == "warning_cases" && r.GetProperty("option").GetString() == "red" && r.GetProperty("numerator").GetInt64() == 6));
        Assert.Empty(Codes(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/13/alerts"))));

        await SubmitRedAsync("130102001", 5, "2026-11");
        foreach (var level in new[] { "130102", "1301", "13", "86" })
        {
            var alerts = await HttpAssert.PollAsync(server.Http, $"/api/v1/units/{level}/alerts", a => a.GetProperty("alerting").GetInt32() == 1);
            var alert = Assert.Single(alerts.GetProperty("alerts").EnumerateArray());
            Assert.Equal(("130102001", "建北街道", 5L, 2L, 3L), (alert.GetProperty("code").GetString(), alert.GetProperty("name").GetString(),
                alert.GetProperty("count").GetInt64(), alert.GetProperty("previous").GetInt64(), alert.GetProperty("rise").GetInt64()));
            Assert.NotEqual(JsonValueKind.Null, alert.GetProperty("since").ValueKind);
        }
        var national = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/86/alerts"));
        // The path names the levels between the unit asked about and the town.
        Assert.Equal(["河北省", "石家庄市", "长安区"], national.GetProperty("alerts")[0].GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(2, national.GetProperty("towns").GetInt32());
        Assert.Empty(Codes(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130104/alerts"))));

        // One town's November is corrected down to its October as the other's November rises by as much: the city's red
        // sum and previous sum stay as they were (9 against 6), yet the alert moves from one town to the other.
        await SubmitAsync([("130102001", 2, "2026-11"), ("130104001", 7, "2026-11")]);
        var moved = await HttpAssert.PollAsync(server.Http, "/api/v1/units/86/alerts", a => Codes(a) is ["130104001"]);
        Assert.Equal(1, moved.GetProperty("alerting").GetInt32());
        Assert.Empty(Codes(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130102/alerts"))));

        // And a fall there too leaves no alert at any level.
        await SubmitRedAsync("130104001", 1, "2026-12");
        foreach (var level in new[] { "130104", "1301", "13", "86" })
            await HttpAssert.PollAsync(server.Http, $"/api/v1/units/{level}/alerts", a => a.GetProperty("alerting").GetInt32() == 0 && Codes(a).Length == 0);
    }
}

/// <summary>
/// Alerts where a scan of the towns was refused (more than 5,000 towns): a generated province of 6,000 towns under
/// the nation, several hundred of them rising. The nation's answer is its own rolled-up summary, and it is exact:
/// the count of every alerting town and the largest rises, as the test computes them from what it submitted.
/// </summary>
public sealed class NationalAlertTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const int Cities = 10, CountiesPerCity = 10, TownsPerCounty = 60;

    [Fact]
    public async Task The_nation_with_more_than_5000_towns_answers_every_rising_town_counted_and_the_largest_rises_exactly()
    {
        var csv = new StringBuilder("code,name,level,parent_code\n65,生成省,province,86\n");
        var towns = new List<string>();
        for (var c = 1; c <= Cities; c++)
        {
            csv.Append($"65{c:D2},生成市{c},city,65\n");
            for (var k = 1; k <= CountiesPerCity; k++)
            {
                var county = $"65{c:D2}{k:D2}";
                csv.Append($"{county},生成县{c}-{k},county,65{c:D2}\n");
                for (var t = 1; t <= TownsPerCounty; t++)
                {
                    var town = $"{county}{t:D3}";
                    towns.Add(town);
                    csv.Append($"{town},生成镇{c}-{k}-{t},town,{county}\n");
                }
            }
        }
        var load = await server.Http.PostAsync("/api/v1/hierarchy", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.True(load.IsSuccessStatusCode, await load.Content.ReadAsStringAsync());
        Assert.True(towns.Count > 5_000);

        // Every 10th town reports October, and November higher, equal or lower (ties in the rise are common).
        var random = new Random(18);
        var reported = towns.Where((_, i) => i % 10 == 0).Select(t => (Town: t, Before: (long)random.Next(0, 20), After: (long)random.Next(0, 30))).ToList();
        await SubmitAsync(reported.Select(r => (r.Town, r.Before, "2026-10")));
        await SubmitAsync(reported.Select(r => (r.Town, r.After, "2026-11")));
        var expected = reported.Where(r => r.After > r.Before)
            .OrderByDescending(r => r.After - r.Before).ThenBy(r => r.Town, StringComparer.Ordinal).ToList();
        Assert.True(expected.Count > 150, $"only {expected.Count} rising towns");

        var alerts = await HttpAssert.PollAsync(server.Http, "/api/v1/units/86/alerts", a => a.GetProperty("alerting").GetInt32() == expected.Count, seconds: 60);
        Assert.Equal(towns.Count + 2, alerts.GetProperty("towns").GetInt32()); // and the fixture's two Hebei towns
        var kept = alerts.GetProperty("kept").GetInt32();
        var listed = alerts.GetProperty("alerts").EnumerateArray()
            .Select(a => (a.GetProperty("code").GetString()!, a.GetProperty("count").GetInt64(), a.GetProperty("previous").GetInt64())).ToList();
        Assert.Equal(expected.Take(kept).Select(r => (r.Town, r.After, r.Before)), listed);
        Assert.True(listed.Count < expected.Count, "the list is the largest rises, the count is all of them");
    }

    private async Task SubmitAsync(IEnumerable<(string Town, long Count, string Period)> items)
    {
        var body = JsonSerializer.Serialize(new
        {
            submissions = items.Select(i => new { unit = i.Town, indicator = "warning_cases", option = "red", numerator = i.Count, period = i.Period }),
        });
        Assert.Equal(0, (await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json(body))))
            .GetProperty("rejected").GetArrayLength());
    }
}
