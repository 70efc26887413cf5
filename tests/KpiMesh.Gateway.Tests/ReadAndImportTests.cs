using System.Net;
using System.Text;
using System.Text.Json;

namespace KpiMesh.Gateway.Tests;

public sealed class ReadAndImportTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static JsonElement Row(JsonElement unit, string indicator, string? option = null) =>
        unit.GetProperty("indicators").EnumerateArray().Single(i =>
            i.GetProperty("indicator").GetString() == indicator && i.GetProperty("option").GetString() == option);

    [Fact]
    public async Task A_submission_reaches_the_nation_within_the_staleness_bound_with_coverage_and_completeness()
    {
        var response = await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [
              { "unit": "130102001001", "indicator": "village_room_rate", "numerator": 1, "period": "2021-12" },
              { "unit": "130102001002", "indicator": "village_room_rate", "numerator": 0, "period": "2021-12" },
              { "unit": "130104", "indicator": "awareness_rate", "option": "urban", "numerator": 60, "denominator": 100, "period": "2021" },
              { "unit": "130104", "indicator": "awareness_rate", "option": "rural", "numerator": 20, "denominator": 100, "period": "2021" }
            ] }
            """));
        Assert.Equal(4, (await HttpAssert.OkJsonAsync(response)).GetProperty("accepted").GetInt32());

        var nation = await HttpAssert.PollAsync(server.Http, "/api/v1/units/86", u => Row(u, "awareness_rate", "rural").GetProperty("numerator").GetInt64() == 20
            && Row(u, "awareness_rate", "urban").GetProperty("numerator").GetInt64() == 60
            && Row(u, "village_room_rate").GetProperty("reportedUnits").GetInt32() >= 2);
        var room = Row(nation, "village_room_rate");
        Assert.Equal(4, room.GetProperty("expectedUnits").GetInt32());      // every village in the tree, reported or not
        Assert.Equal(4, room.GetProperty("denominator").GetInt64());
        Assert.True(room.GetProperty("numerator").GetInt64() >= 1);
        // Awareness groups are separate samples, each against its own target: no pooled total row (seed 004 names none).
        Assert.DoesNotContain(nation.GetProperty("indicators").EnumerateArray(), i => i.GetProperty("indicator").GetString() == "awareness_rate"
            && i.GetProperty("option").ValueKind == JsonValueKind.Null);
        var urban = Row(nation, "awareness_rate", "urban");
        Assert.Equal((0.6, 0.7, 1), (urban.GetProperty("value").GetDouble(), urban.GetProperty("target").GetDouble(), urban.GetProperty("reportedUnits").GetInt32()));
        Assert.Equal(JsonValueKind.Null, Row(nation, "literacy_rate").GetProperty("value").ValueKind);
        Assert.Equal("nation", nation.GetProperty("level").GetString());
        // The seeds' default: 80% of villages by 2021-12-31, long past and not met, so off track; no data, no status.
        Assert.Equal(0.80, room.GetProperty("target").GetDouble(), 9);
        Assert.Equal("2021-12-31", room.GetProperty("targetDue").GetString());
        Assert.Equal("off_track", room.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, Row(nation, "literacy_rate").GetProperty("status").ValueKind);
        Assert.Equal(1, nation.GetProperty("childCount").GetInt32());
    }

    [Fact]
    public async Task Children_are_ranked_by_value()
    {
        await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Submissions(
            ("130102001", "patient_management_rate", 9, 10, "2022"), ("130104001", "patient_management_rate", 5, 10, "2022")));
        var ranked = await HttpAssert.PollAsync(server.Http, "/api/v1/units/1301/children?indicator=patient_management_rate&sort=-value",
            r => r.GetProperty("children").EnumerateArray().All(c => c.GetProperty("indicator").GetProperty("value").ValueKind == JsonValueKind.Number));
        Assert.Equal(["130102", "130104"], ranked.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        var ascending = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/1301/children?indicator=patient_management_rate&sort=value&limit=1"));
        Assert.Equal("130104", ascending.GetProperty("children").EnumerateArray().Single().GetProperty("code").GetString());
    }

    /// <summary>Reads refused as problem documents: malformed or incomplete queries (400), unknown units and paths (404).</summary>
    [Theory]
    [InlineData(HttpStatusCode.BadRequest, new[]
    {
        "/api/v1/units/1301/children", "/api/v1/units/1301/children?indicator=nope", "/api/v1/units/1301/children?indicator=village_room_rate&sort=name",
        "/api/v1/units/1301/children?indicator=village_room_rate&limit=0", "/api/v1/units/13%27%20or%201=1", "/api/v1/units/1301/history",
        "/api/v1/units/1301/history?indicator=village_room_rate&from=2026-02-01&to=2026-01-01",
        "/api/v1/units/1301/history?indicator=village_room_rate&from=2020-01-01&to=2026-01-01",
    })]
    [InlineData(HttpStatusCode.NotFound, new[]
    {
        "/api/v1/units/999999/children?indicator=village_room_rate", "/api/v1/units/999999", "/api/v1/units/999999/history?indicator=village_room_rate",
        "/api/v1/no-such-endpoint",
    })]
    public async Task Bad_reads_are_problem_documents(HttpStatusCode status, string[] paths)
    {
        foreach (var path in paths) await HttpAssert.ProblemAsync(await server.Http.GetAsync(path), status);
    }

    [Fact]
    public async Task The_catalog_lists_every_indicator_with_its_options()
    {
        var catalog = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/indicators"));
        // The default programme's: the contract's 17, the warning counts, the three computed "to standard" rates and the
        // indicators the seeds name that the hard-coded catalog lacked (hotline, crisis teams, professionals per 100,000...).
        Assert.Equal(KpiMesh.Domain.Programmes.Programme.Default.Catalog.All.Count, catalog.GetArrayLength());
        var professionals = catalog.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "professionals_per_100k");
        Assert.Equal(("per_population", "每10万人口心理服务社会专业人员数", "population"), (professionals.GetProperty("kind").GetString(),
            professionals.GetProperty("names").GetProperty("zh").GetString(), professionals.GetProperty("attribute").GetString()));
        var standard = catalog.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "town_station_standard_rate");
        Assert.Contains("/platform", standard.GetProperty("computedFrom").GetString());
        var awareness = catalog.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "awareness_rate");
        Assert.Equal(["cadres", "students", "urban", "rural"], awareness.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("coverage", catalog.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "village_room_rate").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Reimporting_the_same_hierarchy_changes_nothing()
    {
        var result = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/hierarchy", new StringContent(ServerFixture.Hierarchy, Encoding.UTF8, "text/csv")));
        Assert.Equal(0, result.GetProperty("added").GetInt32());
        Assert.Equal(11, result.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task A_bad_hierarchy_file_names_its_line_and_loads_nothing()
    {
        const string csv = "code,name,level,parent_code\n130104001003,村五,village,130104001\n130104001004,村六,village,777\n";
        var detail = await HttpAssert.ProblemAsync(
            await server.Http.PostAsync("/api/v1/hierarchy", new StringContent(csv, Encoding.UTF8, "text/csv")), HttpStatusCode.BadRequest);
        Assert.Contains("line 3", detail);
        Assert.Contains("unknown parent 777", detail);
        await HttpAssert.ProblemAsync(await server.Http.GetAsync("/api/v1/units/130104001003"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Hierarchy_needs_csv() =>
        await HttpAssert.ProblemAsync(await server.Http.PostAsync("/api/v1/hierarchy", ServerFixture.Json("{}")), HttpStatusCode.UnsupportedMediaType);

    [Fact]
    public async Task Health_and_openapi_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health/ready")).StatusCode);
        var openApi = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/openapi/v1.json"));
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/submissions", out _));
    }
}
