using System.Net;
using System.Text;
using System.Text.Json;
using KpiMesh.Domain.Scorecards;
using static KpiMesh.Gateway.Tests.SecuredServerFixture;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// The application workflow over real HTTP with scoped keys: each transition, and each refusal as a problem document
/// (the wrong hands 403, the wrong stage or a passed deadline 409, an incomplete card 400).
/// </summary>
public sealed class AssessmentWorkflowTests(MovableClockServerFixture server) : IClassFixture<MovableClockServerFixture>
{
    private const string School = "130102001-SC1";

    /// <summary>This year in Beijing: the year the console and the rollups show by default.</summary>
    internal static int Year => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).Year;

    internal static string Hebei(string unit, int? year = null) => $"/api/v1/units/{unit}/applications/hebei_demo_site/{year ?? Year}";

    private static string Changzhou(string unit) => $"/api/v1/units/{unit}/applications/changzhou_health_station/{Year}";

    /// <summary>Seed 000's twenty items, each graded by <paramref name="grade"/> (null leaves the item out).</summary>
    internal static StringContent Grades(Func<ScorecardItem, string?> grade, string? materials = "\"2026年工作总结\"") => ServerFixture.Json(
        $$"""{ "items": { {{string.Join(", ", HebeiDemonstrationSite.Instance.Items.Where(i => grade(i) is not null).Select(i => $"\"{i.Id}\": {{ \"grade\": \"{grade(i)}\" }}"))}} }{{(materials is null ? "" : $", \"materials\": [{materials}]")}} }""");

    /// <summary>Seed 003's items, each with <paramref name="points"/> (null leaves the item out).</summary>
    internal static StringContent Points(Func<ScorecardItem, decimal?> points, bool breach, bool materials) => ServerFixture.Json(
        $$"""{ "items": { {{string.Join(", ", ChangzhouHealthStation.Instance.Items.Where(i => points(i) is not null).Select(i => $"\"{i.Id}\": {{ \"points\": {points(i)} }}"))}} }, "confidentialityBreach": {{(breach ? "true" : "false")}}{{(materials ? ", \"materials\": [\"建站工作方案\"]" : "")}} }""");

    internal static StringContent Decision(string decision, string? rectifyBy = null, string reasons = "") => ServerFixture.Json(
        $$"""{ "decision": "{{decision}}"{{(rectifyBy is null ? "" : $", \"rectifyBy\": \"{rectifyBy}\"")}}, "reasons": [{{reasons}}] }""");

    internal static StringContent Nothing => new("", Encoding.UTF8);

    private static DateOnly BeijingToday(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);

    /// <summary>Self-checked (all A), applied and under review by the county: ready for an assessor.</summary>
    private async Task UnderReviewAsync(string path, StringContent selfCheck)
    {
        using var unit = server.Client(CountySubmitter);
        await HttpAssert.OkJsonAsync(await unit.PutAsync(path + "/self-check", selfCheck));
        await HttpAssert.OkJsonAsync(await unit.PostAsync(path + "/apply", Nothing));
        using var county = server.Client(CountyAdmin);
        Assert.Equal("under_review", (await HttpAssert.OkJsonAsync(await county.PostAsync(path + "/review", Nothing))).GetProperty("stage").GetString());
    }

    [Fact]
    public async Task A_village_self_checks_applies_is_reviewed_scored_on_site_and_named_and_every_level_sees_it()
    {
        var path = Hebei("130102001001");
        using var unit = server.Client(CountySubmitter);
        // Saved incomplete; sending it so is refused, naming the unmarked items.
        var draft = await HttpAssert.OkJsonAsync(await unit.PutAsync(path + "/self-check", Grades(i => i.Id is "1.3" or "4.5" ? null : "A")));
        Assert.Equal(["1.3", "4.5"], draft.GetProperty("selfCheck").GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        var incomplete = await unit.PostAsync(path + "/apply", Nothing);
        Assert.Contains("1.3, 4.5", await HttpAssert.ProblemAsync(incomplete, HttpStatusCode.BadRequest));
        await UnderReviewAsync(path, Grades(_ => "A"));

        // Only a provincial assessor scores Hebei sites on site: 80 (B on the 4-point items and on 2.1-2.4).
        var onSite = Grades(i => i.Section == 1 || i.Id is "2.1" or "2.2" or "2.3" or "2.4" ? "B" : "A", materials: null);
        using var province = server.Client(ProvinceAssessor);
        var assessed = await HttpAssert.OkJsonAsync(await province.PutAsync(path + "/on-site", onSite));
        Assert.Equal("assessed", assessed.GetProperty("stage").GetString());
        var named = await HttpAssert.OkJsonAsync(await province.PostAsync(path + "/decision", Decision("named")));
        Assert.Equal("named", named.GetProperty("stage").GetString());
        Assert.Equal(BeijingToday(server.Clock.GetUtcNow()).ToString("yyyy-MM-dd"), named.GetProperty("namedOn").GetString());

        // Both cards are shown; only the on-site one decides.
        var self = named.GetProperty("selfCheck");
        Assert.Equal((100m, false), (self.GetProperty("total").GetDecimal(), self.GetProperty("decides").GetBoolean()));
        var site = named.GetProperty("onSite");
        Assert.Equal((80m, true, true), (site.GetProperty("total").GetDecimal(), site.GetProperty("decides").GetBoolean(), site.GetProperty("qualifies").GetBoolean()));
        Assert.Equal(["open", "self_check", "self_check", "apply", "review", "assess", "name"],
            named.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("action").GetString()));
        Assert.Equal("province-assessor", named.GetProperty("assessor").GetString());

        // The city reads the counts and the named site with its date.
        using var city = server.Client(CityViewer);
        var summary = await HttpAssert.PollAsync(city, $"/api/v1/units/1301/assessments?year={Year}",
            b => b[0].GetProperty("namedThisYear").GetInt64() >= 1);
        var hebei = summary[0];
        Assert.Equal("hebei_demo_site", hebei.GetProperty("scorecard").GetString());
        Assert.Contains(hebei.GetProperty("named").EnumerateArray(), n => n.GetProperty("unit").GetString() == "130102001001"
            && n.GetProperty("namedOn").GetString() == named.GetProperty("namedOn").GetString() && n.GetProperty("onSiteTotal").GetDecimal() == 80m);
        Assert.True(hebei.GetProperty("namedTotal").GetInt64() >= 1);
        Assert.Equal(hebei.GetProperty("qualified").GetInt64(), hebei.GetProperty("distribution").EnumerateArray()
            .Where(b => b.GetProperty("from").GetDecimal() >= 80).Sum(b => b.GetProperty("units").GetInt64()));

        // The audit trail records who took each step.
        using var admin = server.Client(CountyAdmin);
        var audit = await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/units/130102001001/submissions?limit=500"));
        var by = audit.GetProperty("submissions").EnumerateArray().Select(s => s.GetProperty("submittedBy").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "county-130102-submitter", "county-130102-admin", "province-assessor" }, by);
    }

    [Fact]
    public async Task The_wrong_hands_get_403_with_the_reason()
    {
        var path = Hebei("130102001002");
        using var viewer = server.Client(CityViewer);
        Assert.Contains("may not submit", await HttpAssert.ProblemAsync(await viewer.PutAsync(path + "/self-check", Grades(_ => "A")), HttpStatusCode.Forbidden));
        using var assessor = server.Client(ProvinceAssessor);
        Assert.Contains("the unit itself self-checks", await HttpAssert.ProblemAsync(await assessor.PutAsync(path + "/self-check", Grades(_ => "A")), HttpStatusCode.Forbidden));
        await UnderReviewAsync(path, Grades(_ => "A"));

        // A submitter entering acceptance (on-site) scores; the unit's own county admin naming it.
        using var submitter = server.Client(CountySubmitter);
        Assert.Contains("only an assessor", await HttpAssert.ProblemAsync(await submitter.PutAsync(path + "/on-site", Grades(_ => "A", null)), HttpStatusCode.Forbidden));
        using var countyAdmin = server.Client(CountyAdmin);
        Assert.Contains("only an assessor", await HttpAssert.ProblemAsync(await countyAdmin.PostAsync(path + "/decision", Decision("named")), HttpStatusCode.Forbidden));
        // Assessors outside the subtree, and inside the applicant's own line below the province.
        using var other = server.Client(OtherCountyAssessor);
        Assert.Contains("outside your subtree", await HttpAssert.ProblemAsync(await other.PutAsync(path + "/on-site", Grades(_ => "A", null)), HttpStatusCode.Forbidden));
        using var county = server.Client(CountyAssessor);
        Assert.Contains("below the province level", await HttpAssert.ProblemAsync(await county.PutAsync(path + "/on-site", Grades(_ => "A", null)), HttpStatusCode.Forbidden));
        using var city = server.Client(CityAssessor);
        Assert.Contains("below the province level", await HttpAssert.ProblemAsync(await city.PostAsync(path + "/decision", Decision("named")), HttpStatusCode.Forbidden));
        // Reviewing is the level above's: not a submitter, not an assessor.
        Assert.Contains("needs admin", await HttpAssert.ProblemAsync(await submitter.PostAsync(path + "/return", ServerFixture.Json("""{ "reasons": ["x"] }""")), HttpStatusCode.Forbidden));

        // Nothing moved.
        var app = await HttpAssert.OkJsonAsync(await viewer.GetAsync(path));
        Assert.Equal(("under_review", JsonValueKind.Null), (app.GetProperty("stage").GetString(), app.GetProperty("onSite").ValueKind));
    }

    [Fact]
    public async Task Steps_out_of_order_get_409_and_the_level_above_returns_materials_with_reasons()
    {
        var path = Hebei("130104001001");
        using var unit = server.Client(Admin);
        await HttpAssert.ProblemAsync(await unit.PostAsync(path + "/apply", Nothing), HttpStatusCode.Conflict);
        await HttpAssert.OkJsonAsync(await unit.PutAsync(path + "/self-check", Grades(_ => "A")));
        using var province = server.Client(ProvinceAssessor);
        Assert.Contains("only at under_review or rectify", await HttpAssert.ProblemAsync(await province.PutAsync(path + "/on-site", Grades(_ => "A", null)), HttpStatusCode.Conflict));
        Assert.Contains("only at assessed", await HttpAssert.ProblemAsync(await province.PostAsync(path + "/decision", Decision("named")), HttpStatusCode.Conflict));
        await HttpAssert.OkJsonAsync(await unit.PostAsync(path + "/apply", Nothing));
        await HttpAssert.ProblemAsync(await unit.PostAsync(path + "/apply", Nothing), HttpStatusCode.Conflict);

        Assert.Contains("reasons are required", await HttpAssert.ProblemAsync(await unit.PostAsync(path + "/return", ServerFixture.Json("""{ "reasons": [] }""")), HttpStatusCode.BadRequest));
        var returned = await HttpAssert.OkJsonAsync(await unit.PostAsync(path + "/return", ServerFixture.Json("""{ "reasons": ["缺少年度工作计划"] }""")));
        Assert.Equal(("self_check", "缺少年度工作计划"), (returned.GetProperty("stage").GetString(), returned.GetProperty("reasons")[0].GetString()));
    }

    [Fact]
    public async Task Only_the_rubrics_levels_may_apply_and_marks_follow_the_seeds()
    {
        using var unit = server.Client(CountySubmitter);
        Assert.Contains("创建范围", await HttpAssert.ProblemAsync(await unit.PutAsync(Hebei("130102001") + "/self-check", Grades(_ => "A")), HttpStatusCode.BadRequest));
        Assert.Contains("may not apply under changzhou_health_station",
            await HttpAssert.ProblemAsync(await unit.PutAsync(Changzhou("130102001001") + "/self-check", Points(i => i.Points, false, true)), HttpStatusCode.BadRequest));
        Assert.Contains("no other grade", await HttpAssert.ProblemAsync(await unit.PutAsync(Hebei("130102001002") + "/self-check", Grades(i => i.Id == "3.1" ? "none" : "A")), HttpStatusCode.BadRequest));
        Assert.Contains("unknown scorecard", await HttpAssert.ProblemAsync(await unit.GetAsync("/api/v1/units/130102001001/applications/nope/2026"), HttpStatusCode.NotFound));
        await HttpAssert.ProblemAsync(await unit.PostAsync(Hebei("130102001001", 1999) + "/apply", Nothing), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_station_vetoed_on_site_is_told_to_rectify_then_reassessed_and_named_and_after_a_deadline_only_not_named()
    {
        await AddSchoolsAsync();
        var path = Changzhou(School);
        await UnderReviewAsync(path, Points(i => i.Points, breach: false, materials: true));

        // The city's acceptance team finds a breach: 2.4 loses its points and the station cannot be named.
        using var city = server.Client(CityAssessor);
        var vetoed = (await HttpAssert.OkJsonAsync(await city.PutAsync(path + "/on-site", Points(i => i.Points, breach: true, materials: false)))).GetProperty("onSite");
        Assert.Equal((0m, 97m, true, false), (vetoed.GetProperty("points").GetProperty("2.4").GetDecimal(), vetoed.GetProperty("total").GetDecimal(),
            vetoed.GetProperty("vetoed").GetBoolean(), vetoed.GetProperty("qualifies").GetBoolean()));
        Assert.Contains("vetoed", await HttpAssert.ProblemAsync(await city.PostAsync(path + "/decision", Decision("named")), HttpStatusCode.BadRequest));
        var today = BeijingToday(server.Clock.GetUtcNow());
        Assert.Contains("after today", await HttpAssert.ProblemAsync(await city.PostAsync(path + "/decision",
            Decision("rectify", today.ToString("yyyy-MM-dd"), "\"x\"")), HttpStatusCode.BadRequest));
        var due = today.AddDays(30).ToString("yyyy-MM-dd");
        var rectify = await HttpAssert.OkJsonAsync(await city.PostAsync(path + "/decision", Decision("rectify", due, "\"健全保密制度\"")));
        Assert.Equal(("rectify", due), (rectify.GetProperty("stage").GetString(), rectify.GetProperty("rectifyBy").GetString()));

        // Re-assessed clean by the deadline, with honours at city level (6.3 = 2), and named.
        var again = await HttpAssert.OkJsonAsync(await city.PutAsync(path + "/on-site", Points(i => i.Id == "6.3" ? 2 : i.Points, breach: false, materials: false)));
        Assert.Equal((2, 4m), (again.GetProperty("assessments").GetInt32(), again.GetProperty("onSite").GetProperty("bonus").GetDecimal()));
        Assert.Equal("named", (await HttpAssert.OkJsonAsync(await city.PostAsync(path + "/decision", Decision("named")))).GetProperty("stage").GetString());

        // A second station misses its deadline: no re-assessment (409), only not named.
        var late = Changzhou("130102001-SC2");
        await UnderReviewAsync(late, Points(i => i.Points, breach: false, materials: true));
        await HttpAssert.OkJsonAsync(await city.PutAsync(late + "/on-site", Points(i => i.Id is "2.1" or "2.2" ? 0 : i.Points, breach: false, materials: false)));
        await HttpAssert.OkJsonAsync(await city.PostAsync(late + "/decision", Decision("rectify", due, "\"完善工作制度\"")));
        Assert.Contains("has until", await HttpAssert.ProblemAsync(await city.PostAsync(late + "/decision", Decision("not_named")), HttpStatusCode.Conflict));
        server.Clock.Ahead = TimeSpan.FromDays(31);
        try
        {
            Assert.Contains("deadline to rectify was", await HttpAssert.ProblemAsync(await city.PutAsync(late + "/on-site", Points(i => i.Points, false, false)), HttpStatusCode.Conflict));
            Assert.Equal("not_named", (await HttpAssert.OkJsonAsync(await city.PostAsync(late + "/decision", Decision("not_named")))).GetProperty("stage").GetString());
        }
        finally { server.Clock.Ahead = TimeSpan.Zero; }

        // The county lists its stations by stage.
        using var county = server.Client(CountyAdmin);
        var lines = await HttpAssert.OkJsonAsync(await county.GetAsync($"/api/v1/units/130102/applications?scorecard=changzhou_health_station&year={Year}"));
        Assert.Equal([(School, "named"), ("130102001-SC2", "not_named")],
            lines.EnumerateArray().Select(l => (l.GetProperty("unit").GetString(), l.GetProperty("stage").GetString())));
        var summary = await HttpAssert.PollAsync(county, $"/api/v1/units/130102/assessments?year={Year}",
            b => b[1].GetProperty("stages").GetProperty("not_named").GetInt64() == 1 && b[1].GetProperty("namedThisYear").GetInt64() == 1);
        Assert.Equal((2L, 1L, 0.5), (summary[1].GetProperty("assessed").GetInt64(), summary[1].GetProperty("qualified").GetInt64(), summary[1].GetProperty("passRate").GetDouble()));
    }

    private async Task AddSchoolsAsync()
    {
        var csv = $"code,name,level,parent_code\n{School},建北小学,school,130102001\n130102001-SC2,建北中学,school,130102001\n";
        var load = await server.Http.PostAsync("/api/v1/hierarchy", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(load.IsSuccessStatusCode, await load.Content.ReadAsStringAsync());
    }
}
