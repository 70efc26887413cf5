using System.Net;
using System.Text.Json;

namespace KpiMesh.Gateway.Tests;

/// <summary>Three-colour warnings, platform standards and the scorecard rubrics, through HTTP onto real grains.</summary>
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

    [Fact]
    public async Task The_rubrics_are_listed_with_who_may_apply_and_who_assesses()
    {
        var rubrics = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/scorecards"));
        var hebei = rubrics.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "hebei_demo_site");
        Assert.Equal(20, hebei.GetProperty("items").GetArrayLength());
        Assert.Equal(["village", "school", "university", "enterprise", "agency"], hebei.GetProperty("eligibleLevels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("province", hebei.GetProperty("assessingLevel").GetString());
        var changzhou = rubrics.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "changzhou_health_station");
        Assert.Equal(("city", 95m), (changzhou.GetProperty("assessingLevel").GetString(), changzhou.GetProperty("passMark").GetDecimal()));
        // The old self-scored card is gone: a unit cannot post its own verdict any more.
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.PostAsync("/api/v1/units/130102/scorecards/hebei_demo_site", ServerFixture.Json("{}"))).StatusCode);
    }
}
