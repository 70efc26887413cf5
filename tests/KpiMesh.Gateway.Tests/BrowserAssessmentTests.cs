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

        await BrowserRun.RunAsync("assessments.mjs", server.Address.ToString(), "assessments.png", [CityViewer, "1301",
            "self_check=1,applied=0,under_review=1,assessed=0,named=1,not_named=0,rectify=1", "130102001001", "130104001002"], output);
    }
}
