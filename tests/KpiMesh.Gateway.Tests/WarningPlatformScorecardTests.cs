using System.Net;
using System.Text.Json;

namespace KpiMesh.Gateway.Tests;

/// <summary>Three-colour warnings, platform standards and scorecards, through HTTP onto real grains.</summary>
public sealed class WarningPlatformScorecardTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static JsonElement Row(JsonElement unit, string indicator, string? option) =>
        unit.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("indicator").GetString() == indicator
            && (option is null ? i.GetProperty("option").ValueKind == JsonValueKind.Null : i.GetProperty("option").GetString() == option));

    private async Task SubmitAsync(string json) =>
        Assert.Equal(0, (await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json(json))))
            .GetProperty("rejected").GetArrayLength());

    [Fact]
    public async Task Red_counts_roll_up_and_a_rise_since_the_last_period_is_an_alert()
    {
        await SubmitAsync("""
            { "submissions": [
              { "unit": "130102001", "indicator": "warning_cases", "option": "red", "numerator": 3, "period": "2021-11" },
              { "unit": "130102001", "indicator": "warning_cases", "option": "yellow", "numerator": 8, "period": "2021-11" },
              { "unit": "130104001", "indicator": "warning_cases", "option": "red", "numerator": 6, "period": "2021-11" } ] }
            """);
        var first = await HttpAssert.PollAsync(server.Http, "/api/v1/units/1301", u => Row(u, "warning_cases", "red").GetProperty("numerator").GetInt64() == 9);
        Assert.False(Row(first, "warning_cases", "red").GetProperty("alert").GetBoolean());
        Assert.Equal(17, Row(first, "warning_cases", null).GetProperty("numerator").GetInt64());

        // December: the first town's red count rises to 5, the other falls to 2; only the first county alerts.
        await SubmitAsync("""
            { "submissions": [
              { "unit": "130102001", "indicator": "warning_cases", "option": "red", "numerator": 5, "period": "2021-12" },
              { "unit": "130104001", "indicator": "warning_cases", "option": "red", "numerator": 2, "period": "2021-12" } ] }
            """);
        var city = await HttpAssert.PollAsync(server.Http, "/api/v1/units/1301", u => Row(u, "warning_cases", "red").GetProperty("numerator").GetInt64() == 7);
        Assert.Equal((9, false), (Row(city, "warning_cases", "red").GetProperty("previous").GetInt64(), Row(city, "warning_cases", "red").GetProperty("alert").GetBoolean()));
        var rising = Row(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130102")), "warning_cases", "red");
        Assert.Equal((5, 3, true), (rising.GetProperty("numerator").GetInt64(), rising.GetProperty("previous").GetInt64(), rising.GetProperty("alert").GetBoolean()));

        var refused = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [ { "unit": "130102001", "indicator": "warning_cases", "option": "red", "numerator": 5, "denominator": 9, "period": "2021-12" },
                               { "unit": "130102001", "indicator": "warning_cases", "option": "purple", "numerator": 5, "period": "2021-12" } ] }
            """)));
        Assert.Equal(2, refused.GetProperty("rejected").GetArrayLength());
    }

    [Fact]
    public async Task A_platform_report_counts_as_built_and_to_standard_only_when_it_meets_every_minimum()
    {
        var ok = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/units/130102001001/platform", ServerFixture.Json("""
            { "period": "2021-12", "areaSquareMetres": 15, "rooms": 1, "managers": 1, "counsellors": 1, "serviceRules": true }
            """)));
        Assert.True(ok.GetProperty("toStandard").GetBoolean());
        var small = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/units/130104001001/platform", ServerFixture.Json("""
            { "period": "2021-12", "areaSquareMetres": 10, "rooms": 1, "managers": 1, "counsellors": 1, "serviceRules": true }
            """)));
        Assert.Equal((true, false), (small.GetProperty("built").GetBoolean(), small.GetProperty("toStandard").GetBoolean()));
        Assert.Contains("below 12", small.GetProperty("shortfalls")[0].GetString());

        var city = await HttpAssert.PollAsync(server.Http, "/api/v1/units/1301",
            u => Row(u, "village_room_rate", null).GetProperty("numerator").GetInt64() == 2);
        var standard = Row(city, "village_room_standard_rate", null);
        Assert.Equal((1, 4), (standard.GetProperty("numerator").GetInt64(), standard.GetProperty("denominator").GetInt64()));

        Assert.Contains("serviceRules", await HttpAssert.ProblemAsync(await server.Http.PostAsync("/api/v1/units/130102001002/platform", ServerFixture.Json("""
            { "period": "2021-12", "areaSquareMetres": 15, "rooms": 1, "managers": 1, "counsellors": 1 }
            """)), HttpStatusCode.BadRequest));
        Assert.Contains("counties, towns and villages", await HttpAssert.ProblemAsync(await server.Http.PostAsync("/api/v1/units/1301/platform",
            ServerFixture.Json("""{ "period": "2021-12", "areaSquareMetres": 15, "rooms": 1, "managers": 1, "counsellors": 1 }""")), HttpStatusCode.BadRequest));
        await HttpAssert.ProblemAsync(await server.Http.PostAsync("/api/v1/units/139999999/platform",
            ServerFixture.Json("""{ "period": "2021-12", "areaSquareMetres": 15, "rooms": 1, "managers": 1, "counsellors": 1 }""")), HttpStatusCode.NotFound);
        var direct = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [ { "unit": "130102001002", "indicator": "village_room_standard_rate", "numerator": 1, "period": "2021-12" } ] }
            """)));
        Assert.Contains("computed by KpiMesh", direct.GetProperty("rejected")[0].GetProperty("error").GetString());
    }

    private static string HebeiCard(string grade, string period = "2024") =>
        JsonSerializer.Serialize(new
        {
            period,
            items = new[] { "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3", "4.4", "4.5" }
                .ToDictionary(id => id, id => new { grade = id.StartsWith('1') ? grade : "A" }),
        });

    [Fact]
    public async Task Scorecards_are_scored_rolled_up_and_read_back()
    {
        var rubrics = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/scorecards"));
        Assert.Equal(20, rubrics.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "hebei_demo_site").GetProperty("items").GetArrayLength());

        // Section one all B: 100 - 10 = 90, qualifies. Then the other county: all A.
        var card = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/units/130102/scorecards/hebei_demo_site", ServerFixture.Json(HebeiCard("B"))));
        Assert.Equal((90m, "passed"), (card.GetProperty("score").GetDecimal(), card.GetProperty("verdict").GetString()));
        await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/units/130104/scorecards/hebei_demo_site", ServerFixture.Json(HebeiCard("none"))));

        JsonElement Hebei(JsonElement all) => all.EnumerateArray().Single(r => r.GetProperty("scorecard").GetString() == "hebei_demo_site");
        var city = Hebei(await HttpAssert.PollAsync(server.Http, "/api/v1/units/1301/scorecards", s => Hebei(s).GetProperty("applied").GetInt64() == 2));
        // Section one at "none" leaves 100 - 20 = 80: exactly the mark, so both qualify.
        Assert.Equal(2, city.GetProperty("passed").GetInt64());
        Assert.Equal([0L, 0, 0, 1, 1], city.GetProperty("distribution").EnumerateArray().Select(b => b.GetProperty("units").GetInt64()));

        var own = Hebei(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130102/scorecards"))).GetProperty("own");
        Assert.Equal(("B", 90m), (own.GetProperty("items")[0].GetProperty("grade").GetString(), own.GetProperty("score").GetDecimal()));

        // A Changzhou card with a confidentiality breach is vetoed whatever the score.
        var items = ChangzhouItems();
        var vetoed = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/units/130104001/scorecards/changzhou_health_station",
            ServerFixture.Json(JsonSerializer.Serialize(new { period = "2024", confidentialityBreach = true, items }))));
        Assert.Equal((100m, "vetoed"), (vetoed.GetProperty("score").GetDecimal(), vetoed.GetProperty("verdict").GetString()));

        Assert.Contains("needs a grade", await HttpAssert.ProblemAsync(await server.Http.PostAsync("/api/v1/units/130102/scorecards/hebei_demo_site",
            ServerFixture.Json("""{ "period": "2024", "items": { "1.1": { "grade": "A" } } }""")), HttpStatusCode.BadRequest));
        Assert.Contains("unknown scorecard", await HttpAssert.ProblemAsync(await server.Http.PostAsync("/api/v1/units/130102/scorecards/nope",
            ServerFixture.Json(HebeiCard("A"))), HttpStatusCode.NotFound));
        Assert.Contains("items is required", await HttpAssert.ProblemAsync(await server.Http.PostAsync("/api/v1/units/130102/scorecards/hebei_demo_site",
            ServerFixture.Json("""{ "period": "2024" }""")), HttpStatusCode.BadRequest));
    }

    private static Dictionary<string, object> ChangzhouItems()
    {
        var points = new Dictionary<string, decimal>
        {
            ["1.1"] = 5, ["1.2"] = 2, ["1.3"] = 5, ["1.4"] = 3, ["1.5"] = 4, ["1.6"] = 1,
            ["2.1"] = 5, ["2.2"] = 2, ["2.3"] = 3, ["2.4"] = 3, ["2.5"] = 1, ["2.6"] = 2, ["2.7"] = 2, ["2.8"] = 2,
            ["3.1"] = 3, ["3.2"] = 5, ["3.3"] = 2, ["3.4"] = 3, ["3.5"] = 4, ["3.6"] = 3,
            ["4.1"] = 5, ["4.2"] = 5, ["4.3"] = 5,
            ["5.1"] = 2, ["5.2"] = 4, ["5.3"] = 2, ["5.4"] = 2, ["5.5"] = 4, ["5.6"] = 3, ["5.7"] = 3, ["5.8"] = 3, ["5.9"] = 2,
        };
        return points.ToDictionary(p => p.Key, p => (object)new { self = p.Value, acceptance = p.Value });
    }
}
