using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KpiMesh.Domain.Programmes;

namespace KpiMesh.Gateway.Tests;

/// <summary>A server of its own (these tests change the programme), with a second Hebei city beside Shijiazhuang.</summary>
public sealed class ProgrammeServerFixture : ServerFixture
{
    public const string SiblingCity = """
        code,name,level,parent_code
        1302,唐山市,city,13
        130202,路南区,county,1302
        130202001,学院南路街道,town,130202
        """;
}

/// <summary>The programme API: GET/PUT of the whole programme and of a subtree's part, attributes, dry runs, the acceptance scenarios.</summary>
public sealed class ProgrammeApiTests(ProgrammeServerFixture server) : IClassFixture<ProgrammeServerFixture>, IAsyncLifetime
{
    // The sibling city is loaded once; the programme is reset before every test.
    public async Task InitializeAsync()
    {
        if (await server.Http.GetAsync("/api/v1/units/1302") is { StatusCode: HttpStatusCode.NotFound })
        {
            var load = await server.Http.PostAsync("/api/v1/hierarchy", new StringContent(ProgrammeServerFixture.SiblingCity, Encoding.UTF8, "text/csv"));
            Assert.True(load.IsSuccessStatusCode, await load.Content.ReadAsStringAsync());
        }
        // Every test starts from the shipped default programme and no subtree parts.
        var reset = await server.Http.PutAsync("/api/v1/programme?force=true", ServerFixture.Json(ShippedProgrammes.Read("default.json")));
        Assert.True(reset.IsSuccessStatusCode, await reset.Content.ReadAsStringAsync());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static JsonElement? Row(JsonElement unit, string indicator, string? option = null) =>
        unit.GetProperty("indicators").EnumerateArray().Cast<JsonElement?>().SingleOrDefault(i => i!.Value.GetProperty("indicator").GetString() == indicator
            && (option is null ? i.Value.GetProperty("option").ValueKind == JsonValueKind.Null : i.Value.GetProperty("option").GetString() == option));

    private const string Professionals = """
        { "indicators": [ { "id": "professionals_per_100k", "names": { "zh": "每10万人口心理服务专业人员数", "en": "Professionals per 100,000 population" },
            "unit": "人/10万人口", "kind": "per_population", "submittedAt": ["county"], "attribute": "population", "scale": 100000,
            "source": "seed 004 template 3: 全市每10万人口心理服务社会专业人员达到25人" } ],
          "targets": [ { "indicator": "professionals_per_100k", "option": null, "baseline": { "date": "2019-01-01", "value": 0 },
            "milestones": [ { "due": "2021-12-31", "value": 25 } ], "source": "seed 004 template 3: 全市每10万人口心理服务社会专业人员达到25人" } ] }
        """;

    [Fact]
    public async Task Wuhan_programme_with_a_citys_professionals_per_100k_over_its_county_populations()
    {
        // Wuhan's programme drops indicators other tests may have filled: forced (their values stay in the log).
        var wuhan = await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/programme?force=true", ServerFixture.Json(ShippedProgrammes.Read("wuhan.json"))));
        Assert.True(wuhan.GetProperty("applied").GetBoolean());
        var programme = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/programme"));
        Assert.StartsWith("武汉市", programme.GetProperty("name").GetString());
        Assert.Equal(wuhan.GetProperty("version").GetInt32(), programme.GetProperty("version").GetInt32());

        // Shijiazhuang (1301) adds the indicator for its own subtree; the populations of its two counties are loaded.
        await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/units/1301/programme", ServerFixture.Json(Professionals)));
        var year = DateTime.UtcNow.Year - 1; // the latest earlier year serves the current one
        var attributes = await server.Http.PostAsync("/api/v1/attributes", new StringContent(
            $"code,attribute,year,value\n130102,population,{year},512345\n130104,population,{year},431877\n", Encoding.UTF8, "text/csv"));
        Assert.True((await HttpAssert.OkJsonAsync(attributes)).GetProperty("entries").GetInt32() >= 2); // other tests of this server load theirs too
        var submitted = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json($$"""
            { "submissions": [
              { "unit": "130102", "indicator": "professionals_per_100k", "numerator": 137, "period": "{{year + 1}}" },
              { "unit": "130104", "indicator": "professionals_per_100k", "numerator": 96, "period": "{{year + 1}}" },
              { "unit": "130202", "indicator": "professionals_per_100k", "numerator": 50, "period": "{{year + 1}}" } ] }
            """)));
        Assert.Equal(2, submitted.GetProperty("accepted").GetInt32());
        Assert.Contains("defined for the subtree of 1301 only", submitted.GetProperty("rejected")[0].GetProperty("error").GetString());

        var city = await HttpAssert.PollAsync(server.Http, "/api/v1/units/1301", u => Row(u, "professionals_per_100k")?.GetProperty("numerator").GetInt64() == 233);
        var row = Row(city, "professionals_per_100k")!.Value;
        Assert.Equal(512345 + 431877, row.GetProperty("denominator").GetInt64());
        Assert.Equal(100000.0 * (137 + 96) / (512345 + 431877), row.GetProperty("value").GetDouble());
        Assert.Equal(25, row.GetProperty("target").GetDouble());
        Assert.Equal("off_track", row.GetProperty("status").GetString()); // 24.7 per 100,000 after the 2021 deadline

        // The sibling city has no such indicator: not in its report, not among its indicators, not in its ranking.
        Assert.Null(Row(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/1302")), "professionals_per_100k"));
        Assert.DoesNotContain((await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/indicators?unit=1302"))).EnumerateArray(),
            i => i.GetProperty("id").GetString() == "professionals_per_100k");
        var ranked = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/13/children?indicator=professionals_per_100k"));
        Assert.Equal(["1301"], ranked.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        var indicator = (await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/indicators"))).EnumerateArray()
            .Single(i => i.GetProperty("id").GetString() == "professionals_per_100k");
        Assert.Equal(("1301", "每10万人口心理服务专业人员数"), (indicator.GetProperty("scope").GetString(), indicator.GetProperty("names").GetProperty("zh").GetString()));
    }

    [Fact]
    public async Task Per_population_divides_each_value_by_the_population_of_its_periods_year()
    {
        // Tangshan (1302) gets a second county; the shipped default has professionals per 100,000 submitted by counties.
        if (await server.Http.GetAsync("/api/v1/units/130203") is { StatusCode: HttpStatusCode.NotFound })
            await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/hierarchy", new StringContent(
                "code,name,level,parent_code\n130203,路北区,county,1302\n", Encoding.UTF8, "text/csv")));
        // 130202 has 2022 and 2023 populations; 130203 only 2022's.
        await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/attributes", new StringContent(
            "code,attribute,year,value\n130202,population,2022,400000\n130202,population,2023,410000\n130203,population,2022,650000\n", Encoding.UTF8, "text/csv")));
        await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [
              { "unit": "130202", "indicator": "professionals_per_100k", "numerator": 120, "period": "2023-06" },
              { "unit": "130203", "indicator": "professionals_per_100k", "numerator": 150, "period": "2023Q2" } ] }
            """)));
        // 2023's population for 130202; 2023 missing for 130203, so its latest earlier year (2022). Not the year of the day read.
        var city = await HttpAssert.PollAsync(server.Http, "/api/v1/units/1302", u => Row(u, "professionals_per_100k")?.GetProperty("numerator").GetInt64() == 270);
        var row = Row(city, "professionals_per_100k")!.Value;
        Assert.Equal(410_000 + 650_000, row.GetProperty("denominator").GetInt64());
        Assert.Equal(100000.0 * 270 / (410_000 + 650_000), row.GetProperty("value").GetDouble());

        // 130203's 2023 population arrives: its 2023 value is divided by it from now on, without being submitted again.
        await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/attributes", new StringContent(
            "code,attribute,year,value\n130203,population,2023,700000\n", Encoding.UTF8, "text/csv")));
        city = await HttpAssert.PollAsync(server.Http, "/api/v1/units/1302", u => Row(u, "professionals_per_100k")?.GetProperty("denominator").GetInt64() == 410_000 + 700_000);
        Assert.Equal(100000.0 * 270 / (410_000 + 700_000), Row(city, "professionals_per_100k")!.Value.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Changing_a_norm_rejudges_every_university_and_reaches_the_parent_and_its_live_viewers()
    {
        await UniversitiesAsync();
        await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [
              { "unit": "130102-U1", "indicator": "university_teacher_ratio", "numerator": 20, "denominator": 40000, "period": "2026-10" },
              { "unit": "130102-U2", "indicator": "university_teacher_ratio", "numerator": 1, "denominator": 4001, "period": "2026-10" } ] }
            """)));
        static long? Meeting(JsonElement u) => Row(u, "university_teacher_ratio") is { } r && r.GetProperty("reportedUnits").GetInt32() == 2 ? r.GetProperty("numerator").GetInt64() : null;
        await HttpAssert.PollAsync(server.Http, "/api/v1/units/1301", u => Meeting(u) == 1); // 1:4000: only the first university
        using var stream = await LiveStreamTests.SseStream.OpenAsync(server.Http, "/api/v1/units/1301/stream");
        Assert.Equal(1, Meeting(await stream.NextAsync(TimeSpan.FromSeconds(10))));

        // A laxer norm, 1 teacher per 5,000 students: the second university (1 per 4,001) now meets it. Nobody submits again.
        var programme = JsonNode.Parse(ShippedProgrammes.Read("default.json"))!;
        programme["indicators"]!.AsArray().Single(i => (string?)i!["id"] == "university_teacher_ratio")!["norm"]!["denominator"] = 5000;
        await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/programme", ServerFixture.Json(programme.ToJsonString())));
        var city = await HttpAssert.PollAsync(server.Http, "/api/v1/units/1301", u => Meeting(u) == 2);
        Assert.Equal(1.0, Row(city, "university_teacher_ratio")!.Value.GetProperty("value").GetDouble());
        JsonElement update;
        do update = await stream.NextAsync(TimeSpan.FromSeconds(10));
        while (Meeting(update) != 2);
        await HttpAssert.PollAsync(server.Http, "/api/v1/units/13", u => Meeting(u) == 2); // and every ancestor

        // Back to the shipped norm (other tests expect it): re-judged the other way.
        await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/programme", ServerFixture.Json(ShippedProgrammes.Read("default.json"))));
        await HttpAssert.PollAsync(server.Http, "/api/v1/units/1301", u => Meeting(u) == 1);
    }

    private async Task UniversitiesAsync()
    {
        if (await server.Http.GetAsync("/api/v1/units/130102-U1") is { StatusCode: HttpStatusCode.NotFound })
            await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/hierarchy", new StringContent(
                "code,name,level,parent_code\n130102-U1,大学一,university,130102\n130102-U2,大学二,university,130102\n", Encoding.UTF8, "text/csv")));
    }

    [Fact]
    public async Task A_dry_run_lists_status_changes_deep_in_the_subtree()
    {
        await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [ { "unit": "130102001001", "indicator": "village_room_rate", "numerator": 1, "period": "2026-10" } ] }
            """)));
        await HttpAssert.PollAsync(server.Http, "/api/v1/units/1301", u => Row(u, "village_room_rate")?.GetProperty("reportedUnits").GetInt32() >= 1);
        // Shijiazhuang asks 90% of its villages: the town two levels below it (130102001) would be judged against 90%, not 80%.
        var dry = await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/units/1301/programme?dryRun=true", ServerFixture.Json("""
            { "targets": [ { "indicator": "village_room_rate", "option": null, "baseline": { "date": "2019-01-01", "value": 0 },
                "milestones": [ { "due": "2021-12-31", "value": 0.9 } ], "source": "test" } ] }
            """)));
        var changes = dry.GetProperty("statusChanges").EnumerateArray().Where(s => s.GetProperty("indicator").GetString() == "village_room_rate").ToList();
        var town = changes.Single(s => s.GetProperty("unit").GetString() == "130102001");
        Assert.Equal((0.8, 0.9), (town.GetProperty("targetBefore").GetDouble(), town.GetProperty("targetAfter").GetDouble()));
        Assert.Contains(changes, s => s.GetProperty("unit").GetString() == "1301");
        Assert.Contains(changes, s => s.GetProperty("unit").GetString() == "130102");
        Assert.DoesNotContain(changes, s => s.GetProperty("unit").GetString() == "130102001001"); // villages are below the levels examined
        // The unit, its 2 counties and their towns; every change counted, the whole subtree examined.
        var towns = (await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130102/children?indicator=village_room_rate"))).GetProperty("children").GetArrayLength()
            + (await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130104/children?indicator=village_room_rate"))).GetProperty("children").GetArrayLength();
        Assert.Equal(1 + 2 + towns, dry.GetProperty("unitsExamined").GetInt32());
        Assert.True(dry.GetProperty("subtreeComplete").GetBoolean());
        Assert.Equal(dry.GetProperty("statusChanges").GetArrayLength(), dry.GetProperty("statusChangeCount").GetInt32());
        // Nothing applied.
        Assert.Equal(0.8, Row(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130102001")), "village_room_rate")!.Value.GetProperty("target").GetDouble());
    }

    [Fact]
    public async Task Hebei_sets_70_percent_a_county_asking_60_is_refused_naming_it_and_a_city_asking_75_is_accepted()
    {
        static StringContent Rooms(double value) => ServerFixture.Json($$"""{ "milestones": [ { "due": "2021-12-31", "value": {{value}} } ] }""");
        var province = await server.Http.PutAsync("/api/v1/units/13/targets/village_room_rate", Rooms(0.7));
        Assert.Equal("13", (await HttpAssert.OkJsonAsync(province)).EnumerateArray().Single(t => t.GetProperty("option").ValueKind == JsonValueKind.Null).GetProperty("setAt").GetString());
        var county = await HttpAssert.ProblemAsync(await server.Http.PutAsync("/api/v1/units/130102/targets/village_room_rate", Rooms(0.6)), HttpStatusCode.BadRequest);
        Assert.Contains("asks 60% but the superior's target (set by 13) asks 70%", county);
        await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/units/1301/targets/village_room_rate", Rooms(0.75)));
        Assert.Equal(0.75, Row(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130102")), "village_room_rate")!.Value.GetProperty("target").GetDouble());
        Assert.Equal(0.7, Row(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/1302")), "village_room_rate")!.Value.GetProperty("target").GetDouble());
        // The targets are part of the programme, scoped to their units.
        var part = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/1301/programme"));
        Assert.Equal(0.75, part.GetProperty("targets")[0].GetProperty("milestones")[0].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_dry_run_answers_what_would_change_and_applies_nothing()
    {
        await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [ { "unit": "130102001001", "indicator": "village_room_rate", "numerator": 1, "period": "2026-10" } ] }
            """)));
        await HttpAssert.PollAsync(server.Http, "/api/v1/units/13", u => Row(u, "village_room_rate")?.GetProperty("reportedUnits").GetInt32() == 1);
        var before = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/programme"));

        // Chongqing's programme: 85% of villages, no workplace rooms, a 24-hour hotline, ...
        var dry = await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/programme?dryRun=true", ServerFixture.Json(ShippedProgrammes.Read("chongqing.json"))));
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.False(dry.GetProperty("applied").GetBoolean());
        Assert.Contains("workplace_room_rate", dry.GetProperty("indicatorsRemoved").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(dry.GetProperty("indicatorsAdded").EnumerateArray());
        var rooms = dry.GetProperty("statusChanges").EnumerateArray().Single(s => s.GetProperty("unit").GetString() == "86"
            && s.GetProperty("indicator").GetString() == "village_room_rate");
        Assert.Equal((0.8, 0.85), (rooms.GetProperty("targetBefore").GetDouble(), rooms.GetProperty("targetAfter").GetDouble()));
        // Not only the root and its children: the county three levels below where the village reported.
        Assert.Contains(dry.GetProperty("statusChanges").EnumerateArray(), s => s.GetProperty("unit").GetString() == "130102"
            && s.GetProperty("indicator").GetString() == "village_room_rate" && s.GetProperty("targetAfter").GetDouble() == 0.85);
        var after = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/programme"));
        Assert.Equal(before.GetProperty("version").GetInt32(), after.GetProperty("version").GetInt32());
        Assert.Equal(0.8, Row(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/13")), "village_room_rate")!.Value.GetProperty("target").GetDouble());
    }

    [Fact]
    public async Task Removing_an_indicator_with_data_needs_force_and_its_values_come_back_when_it_is_restored()
    {
        await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [ { "unit": "130104001", "indicator": "patient_management_rate", "numerator": 40, "denominator": 50, "period": "2026-10" } ] }
            """)));
        // The root's rollup is what the data check reads.
        await HttpAssert.PollAsync(server.Http, "/api/v1/units/86", u => Row(u, "patient_management_rate")?.GetProperty("numerator").GetInt64() == 40);
        using var document = JsonDocument.Parse(ShippedProgrammes.Read("default.json"));
        var without = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["name"] = "without patient management",
            ["indicators"] = document.RootElement.GetProperty("indicators").EnumerateArray().Where(i => i.GetProperty("id").GetString() != "patient_management_rate").ToList(),
            ["targets"] = document.RootElement.GetProperty("targets").EnumerateArray().Where(i => i.GetProperty("indicator").GetString() != "patient_management_rate").ToList(),
        });
        var refused = await HttpAssert.ProblemAsync(await server.Http.PutAsync("/api/v1/programme", ServerFixture.Json(without)), HttpStatusCode.Conflict);
        Assert.Contains("patient_management_rate", refused);
        Assert.Contains("force=true", refused);
        var forced = await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/programme?force=true", ServerFixture.Json(without)));
        Assert.Equal(["patient_management_rate"], forced.GetProperty("indicatorsRemoved").EnumerateArray().Select(e => e.GetString()));
        Assert.Null(Row(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/13")), "patient_management_rate"));
        var rejected = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [ { "unit": "130104001", "indicator": "patient_management_rate", "numerator": 1, "denominator": 2, "period": "2026-11" } ] }
            """)));
        Assert.Equal(0, rejected.GetProperty("accepted").GetInt32());

        await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/programme", ServerFixture.Json(ShippedProgrammes.Read("default.json"))));
        var restored = Row(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/13")), "patient_management_rate")!.Value;
        Assert.Equal((40L, 50L), (restored.GetProperty("numerator").GetInt64(), restored.GetProperty("denominator").GetInt64()));
    }

    [Fact]
    public async Task Norm_share_counts_the_universities_meeting_the_norm_and_counts_roll_up_as_counts()
    {
        await UniversitiesAsync();
        // One university far above 1 teacher per 4,000 students, one just below: pooled (21 per 44,001) it would look met.
        var accepted = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [
              { "unit": "130102-U1", "indicator": "university_teacher_ratio", "numerator": 20, "denominator": 40000, "period": "2026-10" },
              { "unit": "130102-U2", "indicator": "university_teacher_ratio", "numerator": 1, "denominator": 4001, "period": "2026-10" },
              { "unit": "130102", "indicator": "crisis_teams", "numerator": 3, "period": "2026" },
              { "unit": "130104", "indicator": "crisis_teams", "numerator": 4, "period": "2026" } ] }
            """)));
        Assert.Equal(4, accepted.GetProperty("accepted").GetInt32());
        var city = await HttpAssert.PollAsync(server.Http, "/api/v1/units/1301", u => Row(u, "university_teacher_ratio")?.GetProperty("reportedUnits").GetInt32() == 2
            && Row(u, "crisis_teams")?.GetProperty("numerator").GetInt64() == 7);
        var norm = Row(city, "university_teacher_ratio")!.Value;
        Assert.Equal((1L, 2L, 0.5), (norm.GetProperty("numerator").GetInt64(), norm.GetProperty("denominator").GetInt64(), norm.GetProperty("value").GetDouble()));
        Assert.Equal("off_track", norm.GetProperty("status").GetString()); // the default asks every university to meet it by 2021
        Assert.Equal(JsonValueKind.Null, Row(city, "crisis_teams")!.Value.GetProperty("value").ValueKind); // a count, not a rate
    }

    [Fact]
    public async Task A_refused_document_lists_every_problem_with_its_json_path()
    {
        var response = await server.Http.PutAsync("/api/v1/programme", ServerFixture.Json("""
            { "timeZone": "Nowhere/City", "indicators": [
              { "id": "family_counselling_rate", "names": { "zh": "居家患者及家属心理疏导", "en": "Family counselling" }, "kind": "ratio", "submittedAt": ["primary_care", "town"], "source": "seed 004" },
              { "id": "x", "names": { "zh": "", "en": "" }, "kind": "share", "submittedAt": [], "source": "" } ] }
            """));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = problem.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
        Assert.Contains("$.timeZone", paths);
        Assert.Contains("$.indicators[0].submittedAt[1]", paths);
        Assert.Contains("$.indicators[1].kind", paths);
        Assert.Contains("$.indicators[1].names.zh", paths);
        Assert.Contains("$.indicators[1].submittedAt", paths);
        await HttpAssert.ProblemAsync(await server.Http.PutAsync("/api/v1/programme", ServerFixture.Json("{ \"indicators\": [")), HttpStatusCode.BadRequest);
        // A part of a subtree is reported with the paths of what was sent.
        var part = await server.Http.PutAsync("/api/v1/units/1301/programme", ServerFixture.Json("""
            { "targets": [ { "indicator": "village_room_rate", "baseline": { "date": "2019-01-01", "value": 0 }, "milestones": [ { "due": "2021-12-31", "value": 1.2 } ], "source": "test" } ] }
            """));
        using var partProblem = JsonDocument.Parse(await part.Content.ReadAsStringAsync());
        Assert.Equal("$.targets[0].milestones[0].value", partProblem.RootElement.GetProperty("problems")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_programme_change_reaches_live_viewers()
    {
        using var stream = await LiveStreamTests.SseStream.OpenAsync(server.Http, "/api/v1/units/1302/stream");
        var first = await stream.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0.8, Row(first, "village_room_rate")!.Value.GetProperty("target").GetDouble());
        await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/units/1302/targets/village_room_rate",
            ServerFixture.Json("""{ "milestones": [ { "due": "2021-12-31", "value": 0.95 } ] }""")));
        JsonElement update;
        do update = await stream.NextAsync(TimeSpan.FromSeconds(10));
        while (Row(update, "village_room_rate")!.Value.GetProperty("target").GetDouble() != 0.95);
    }
}
