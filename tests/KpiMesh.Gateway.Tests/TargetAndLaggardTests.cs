using System.Net;
using System.Text.Json;

namespace KpiMesh.Gateway.Tests;

public sealed class TargetAndLaggardTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static JsonElement Rooms(JsonElement unit) =>
        unit.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("indicator").GetString() == "village_room_rate" && i.GetProperty("option").ValueKind == JsonValueKind.Null);

    [Fact]
    public async Task A_city_sets_a_stricter_target_its_counties_inherit_it_and_a_laxer_one_below_is_refused()
    {
        var set = await server.Http.PutAsync("/api/v1/units/1301/targets/village_room_rate", ServerFixture.Json("""
            { "milestones": [ { "due": "2020-12-31", "value": 0.6 }, { "due": "2021-12-31", "value": 0.9 } ] }
            """));
        var chosen = (await HttpAssert.OkJsonAsync(set)).EnumerateArray().Single(t => t.GetProperty("option").ValueKind == JsonValueKind.Null);
        Assert.Equal("1301", chosen.GetProperty("setAt").GetString());

        // The county under the city reads the city's 90%, the province keeps the default 80%.
        var county = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130104"));
        Assert.Equal(0.9, Rooms(county).GetProperty("target").GetDouble(), 9);
        var targets = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130104/targets"));
        Assert.Equal("1301", targets.EnumerateArray().Single(t => t.GetProperty("indicator").GetString() == "village_room_rate"
            && t.GetProperty("option").ValueKind == JsonValueKind.Null).GetProperty("setAt").GetString());
        Assert.Equal(0.8, Rooms(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/13"))).GetProperty("target").GetDouble(), 9);

        // A county may not ask less than its city.
        var laxer = await server.Http.PutAsync("/api/v1/units/130104/targets/village_room_rate", ServerFixture.Json("""
            { "milestones": [ { "due": "2020-12-31", "value": 0.6 }, { "due": "2021-12-31", "value": 0.85 } ] }
            """));
        var detail = await HttpAssert.ProblemAsync(laxer, HttpStatusCode.BadRequest);
        Assert.Contains("asks 85% but the superior's target (set by 1301) asks 90%", detail);
    }

    [Theory]
    [InlineData("/api/v1/units/1301/targets/village_room_rate", """{ "milestones": [] }""", "at least one milestone")]
    [InlineData("/api/v1/units/1301/targets/village_room_rate", """{ "milestones": [ { "due": "2021-12-31", "value": 1.5 } ] }""", "between 0 and 1")]
    [InlineData("/api/v1/units/1301/targets/nope", """{ "milestones": [ { "due": "2021-12-31", "value": 0.9 } ] }""", "unknown indicator")]
    [InlineData("/api/v1/units/1301/targets/awareness_rate", """{ "option": "elderly", "milestones": [ { "due": "2021-12-31", "value": 0.9 } ] }""", "no option")]
    public async Task Bad_targets_are_refused_with_the_reason(string path, string body, string reason) =>
        Assert.Contains(reason, await HttpAssert.ProblemAsync(await server.Http.PutAsync(path, ServerFixture.Json(body)), HttpStatusCode.BadRequest));

    [Fact]
    public async Task Laggards_lists_the_towns_furthest_below_target_and_those_that_have_not_reported()
    {
        await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Submissions(
            ("130102001", "patient_treatment_rate", 30, 100, "2026-10"), ("130104001", "patient_treatment_rate", 70, 100, "2026-10")));
        var result = await HttpAssert.PollAsync(server.Http, "/api/v1/units/13/laggards?indicator=patient_treatment_rate&level=town&limit=5",
            r => r.GetProperty("belowTarget").GetArrayLength() == 2);
        Assert.Equal(2, result.GetProperty("units").GetInt32());
        Assert.Equal(["130102001", "130104001"], result.GetProperty("belowTarget").EnumerateArray().Select(l => l.GetProperty("code").GetString()));
        Assert.Equal(0.5, result.GetProperty("belowTarget")[0].GetProperty("gap").GetDouble(), 9); // 80% target, 30% done

        var villages = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130104/laggards?indicator=village_room_rate&level=village"));
        Assert.Equal(2, villages.GetProperty("units").GetInt32());
        Assert.All(villages.GetProperty("leastComplete").EnumerateArray(), l => Assert.Equal(0, l.GetProperty("indicator").GetProperty("reportedUnits").GetInt32()));
        await HttpAssert.ProblemAsync(await server.Http.GetAsync("/api/v1/units/13/laggards?indicator=village_room_rate&level=hamlet"), HttpStatusCode.BadRequest);
    }
}
