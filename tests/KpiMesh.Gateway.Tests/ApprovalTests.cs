using System.Net;
using System.Text.Json;
using KpiMesh.Domain.Programmes;

namespace KpiMesh.Gateway.Tests;

/// <summary>The secured server with approvers of a county, a city and the province.</summary>
public sealed class ApprovalServerFixture : SecuredServerFixture
{
    public const string CountyApprover = "approve-130102-0123456789";
    public const string CityApprover = "approve-1301-0123456789ab";

    protected override string[] MoreArguments =>
    [
        "--Auth:ApiKeys:5:Name", "county-130102-approver", "--Auth:ApiKeys:5:Key", CountyApprover,
        "--Auth:ApiKeys:5:Role", "approver", "--Auth:ApiKeys:5:Unit", "130102",
        "--Auth:ApiKeys:6:Name", "city-1301-approver", "--Auth:ApiKeys:6:Key", CityApprover,
        "--Auth:ApiKeys:6:Role", "approver", "--Auth:ApiKeys:6:Unit", "1301",
    ];
}

/// <summary>Approval over HTTP: the whole path of a town's month, each refusal, the lock and the approved-only rollup.</summary>
public sealed class ApprovalTests(ApprovalServerFixture server) : IClassFixture<ApprovalServerFixture>
{
    private const string Town = "130102001";

    private static string TownMonth(string period) => $"/api/v1/units/{Town}/approvals/{period}";

    /// <summary>
    /// A period of the town and the hands it passes through: the county's clerk, the county's approver, the city's
    /// approver, and the path of the period's approval.
    /// </summary>
    private sealed class Hands(ApprovalServerFixture server, string period) : IDisposable
    {
        private readonly HttpClient _clerk = server.Client(SecuredServerFixture.CountySubmitter);
        private readonly HttpClient _county = server.Client(ApprovalServerFixture.CountyApprover);
        private readonly HttpClient _city = server.Client(ApprovalServerFixture.CityApprover);

        public void Deconstruct(out HttpClient clerk, out HttpClient county, out HttpClient city, out string path) =>
            (clerk, county, city, path) = (_clerk, _county, _city, TownMonth(period));

        public void Dispose()
        {
            _clerk.Dispose();
            _county.Dispose();
            _city.Dispose();
        }
    }

    private static StringContent Value(string unit, string period, int numerator = 1) => ServerFixture.Json($$"""
        { "submissions": [ { "unit": "{{unit}}", "indicator": "village_room_rate", "numerator": {{numerator}}, "period": "{{period}}" } ] }
        """);

    private static StringContent Action(string action, string? reason = null) =>
        ServerFixture.Json(JsonSerializer.Serialize(new { action, reason }));

    private static long VillageRooms(JsonElement unit, string field = "numerator") =>
        unit.GetProperty("indicators").EnumerateArray().First(i => i.GetProperty("indicator").GetString() == "village_room_rate").GetProperty(field).GetInt64();

    [Fact]
    public async Task A_towns_month_goes_from_open_to_accepted_and_back_with_every_step_recorded_and_the_period_locked_meanwhile()
    {
        const string period = "2026-11";
        using var hands = new Hands(server, period);
        var (clerk, county, city, path) = hands;

        var open = await HttpAssert.OkJsonAsync(await clerk.GetAsync(path));
        Assert.Equal("open", open.GetProperty("state").GetString());
        Assert.Equal(2, open.GetProperty("children").GetArrayLength());

        Assert.Equal(1, (await HttpAssert.OkJsonAsync(await clerk.PostAsync("/api/v1/submissions", Value("130102001001", period)))).GetProperty("accepted").GetInt32());
        await HttpAssert.PollAsync(clerk, $"/api/v1/units/{Town}", u => VillageRooms(u, "reportedUnits") == 1);

        // Half the villages reported: completing needs a reason; approving before completing is out of order.
        Assert.Contains("needs a reason", await HttpAssert.ProblemAsync(await clerk.PostAsync(path, Action("complete")), (HttpStatusCode)422));
        Assert.Contains("not completed", await HttpAssert.ProblemAsync(await county.PostAsync(path, Action("approve")), HttpStatusCode.Conflict));
        var completed = await HttpAssert.OkJsonAsync(await clerk.PostAsync(path, Action("complete", "村二 has no room yet")));
        Assert.Equal("completed", completed.GetProperty("state").GetString());
        Assert.Equal("county-130102-submitter", completed.GetProperty("by").GetString());

        // The clerk cannot approve their own work; an approver of the parent can.
        await HttpAssert.ProblemAsync(await clerk.PostAsync(path, Action("approve")), HttpStatusCode.Forbidden);
        Assert.Equal("approved", (await HttpAssert.OkJsonAsync(await county.PostAsync(path, Action("approve")))).GetProperty("state").GetString());

        // Locked: a late value for the same period is refused with who approved it; another period is not.
        var late = await HttpAssert.OkJsonAsync(await clerk.PostAsync("/api/v1/submissions", Value("130102001002", period)));
        Assert.Equal(0, late.GetProperty("accepted").GetInt32());
        var error = late.GetProperty("rejected")[0].GetProperty("error").GetString()!;
        Assert.Contains("approved", error);
        Assert.Contains("county-130102-approver", error);
        Assert.Equal(1, (await HttpAssert.OkJsonAsync(await clerk.PostAsync("/api/v1/submissions", Value("130102001002", "2026-12")))).GetProperty("accepted").GetInt32());

        // Leaders see the signed-off figure apart from the live one, which now holds the December value too.
        await HttpAssert.PollAsync(server.Http, "/api/v1/units/1301", u => VillageRooms(u) == 2);
        var approvedCity = await HttpAssert.OkJsonAsync(await city.GetAsync($"/api/v1/units/1301?approved=true&period={period}"));
        Assert.Equal(1, VillageRooms(approvedCity));
        Assert.Equal(1, VillageRooms(approvedCity, "reportedUnits"));
        Assert.Equal(0, VillageRooms(await HttpAssert.OkJsonAsync(await city.GetAsync("/api/v1/units/1301?approved=true&period=2026-10"))));
        await HttpAssert.ProblemAsync(await city.GetAsync("/api/v1/units/1301?approved=true"), HttpStatusCode.BadRequest);

        // Accepting needs two levels up; the county is one.
        await HttpAssert.ProblemAsync(await county.PostAsync(path, Action("accept")), HttpStatusCode.Forbidden);
        Assert.Equal("accepted", (await HttpAssert.OkJsonAsync(await city.PostAsync(path, Action("accept")))).GetProperty("state").GetString());
        await HttpAssert.ProblemAsync(await city.PostAsync(path, Action("approve")), HttpStatusCode.Conflict);

        // The county sees its child's state and completeness.
        var countyView = await HttpAssert.OkJsonAsync(await county.GetAsync($"/api/v1/units/130102/approvals/{period}"));
        var child = countyView.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("code").GetString() == Town);
        Assert.Equal("accepted", child.GetProperty("state").GetString());
        Assert.True(child.GetProperty("completeness").GetDouble() is > 0 and < 1);

        // Re-opening an accepted month needs the accepting level, and is recorded; then the late value goes in.
        await HttpAssert.ProblemAsync(await county.PostAsync(path, Action("reopen")), HttpStatusCode.Forbidden);
        Assert.Equal("open", (await HttpAssert.OkJsonAsync(await city.PostAsync(path, Action("reopen", "村二 room opened on the 29th")))).GetProperty("state").GetString());
        var history = (await HttpAssert.OkJsonAsync(await clerk.GetAsync(path))).GetProperty("history").EnumerateArray()
            .Select(t => $"{t.GetProperty("action").GetString()}:{t.GetProperty("by").GetString()}").ToList();
        Assert.Equal(["complete:county-130102-submitter", "approve:county-130102-approver", "accept:city-1301-approver", "reopen:city-1301-approver"], history);
        Assert.Equal(1, (await HttpAssert.OkJsonAsync(await clerk.PostAsync("/api/v1/submissions", Value("130102001002", period)))).GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Where_the_programme_stops_approval_at_the_county_a_towns_approved_month_is_final()
    {
        const string period = "2026-08";
        using var hands = new Hands(server, period);
        var (clerk, county, city, path) = hands;
        Assert.Equal("accepted", (await HttpAssert.OkJsonAsync(await clerk.GetAsync(path))).GetProperty("final").GetString());

        var countyProgramme = ShippedProgrammes.Read("default.json").Replace("\"approvalStopsAt\": \"province\"", "\"approvalStopsAt\": \"county\"");
        Assert.Contains("\"county\"", countyProgramme);
        await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/programme?force=true", ServerFixture.Json(countyProgramme)));
        try
        {
            await HttpAssert.PollAsync(clerk, path, a => a.GetProperty("final").GetString() == "approved");
            await HttpAssert.OkJsonAsync(await clerk.PostAsync(path, Action("complete", "test month")));
            Assert.Equal("approved", (await HttpAssert.OkJsonAsync(await county.PostAsync(path, Action("approve")))).GetProperty("state").GetString());
            // No accepted step above the county: the city is refused, and the county's own month ends at completion.
            Assert.Contains("final once approved", await HttpAssert.ProblemAsync(await city.PostAsync(path, Action("accept")), HttpStatusCode.Conflict));
            Assert.Equal("completed", (await HttpAssert.OkJsonAsync(await clerk.GetAsync($"/api/v1/units/130102/approvals/{period}"))).GetProperty("final").GetString());
            // The approval still locks, and the county may reopen what it signed off.
            Assert.Equal(0, (await HttpAssert.OkJsonAsync(await clerk.PostAsync("/api/v1/submissions", Value("130102001001", period)))).GetProperty("accepted").GetInt32());
            Assert.Equal("open", (await HttpAssert.OkJsonAsync(await county.PostAsync(path, Action("reopen", "test done")))).GetProperty("state").GetString());
        }
        finally
        {
            await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/programme?force=true", ServerFixture.Json(ShippedProgrammes.Read("default.json"))));
            await HttpAssert.PollAsync(clerk, path, a => a.GetProperty("final").GetString() == "accepted");
        }
    }

    [Fact]
    public async Task An_approved_quarter_or_year_locks_the_periods_it_contains_whatever_their_spelling()
    {
        using var hands = new Hands(server, "2025Q4");
        var (clerk, county, city, quarterPath) = hands;
        async Task<string?> Refusal(string unit, string period)
        {
            var answer = await HttpAssert.OkJsonAsync(await clerk.PostAsync("/api/v1/submissions", Value(unit, period)));
            return answer.GetProperty("accepted").GetInt32() == 1 ? null : answer.GetProperty("rejected")[0].GetProperty("error").GetString();
        }

        // Each period refused, the refusal naming the approved period and who approved it.
        async Task AssertLockedAsync(string unit, string[] periods, string approved, string approver)
        {
            foreach (var period in periods)
            {
                var error = await Refusal(unit, period);
                Assert.NotNull(error);
                Assert.Contains(approved, error);
                Assert.Contains(approver, error);
            }
        }

        // The quarter approved under another spelling is the same period.
        await HttpAssert.OkJsonAsync(await clerk.PostAsync(TownMonth("2025q4"), Action("complete", "test quarter")));
        Assert.Equal("approved", (await HttpAssert.OkJsonAsync(await county.PostAsync(TownMonth("2025-Q4"), Action("approve")))).GetProperty("state").GetString());
        var quarter = await HttpAssert.OkJsonAsync(await clerk.GetAsync(quarterPath));
        Assert.Equal("approved", quarter.GetProperty("state").GetString());
        Assert.Equal("2025Q4", quarter.GetProperty("period").GetString());

        // Its months are refused, naming the approved quarter and who approved it; the month before it is not.
        await AssertLockedAsync("130102001001", ["2025-10", "2025-11", "2025-12", "2025Q4"], "2025Q4", "county-130102-approver");
        Assert.Null(await Refusal("130102001001", "2025-09"));
        // The year contains the quarter, not the other way round: a value for the whole year is not the quarter's.
        Assert.Null(await Refusal("130102001001", "2025"));
        Assert.Equal("open", (await HttpAssert.OkJsonAsync(await county.PostAsync(quarterPath, Action("reopen", "test done")))).GetProperty("state").GetString());
        Assert.Null(await Refusal("130102001001", "2025-11"));

        // An approved year of the county locks every month and quarter of that year below it.
        await HttpAssert.OkJsonAsync(await clerk.PostAsync("/api/v1/units/130102/approvals/2024", Action("complete", "test year")));
        await HttpAssert.OkJsonAsync(await city.PostAsync("/api/v1/units/130102/approvals/2024", Action("approve")));
        await AssertLockedAsync("130102001002", ["2024-01", "2024Q2", "2024-12", "2024"], "130102 的 2024 期", "city-1301-approver");
        Assert.Null(await Refusal("130102001002", "2023-12"));
        await HttpAssert.OkJsonAsync(await city.PostAsync("/api/v1/units/130102/approvals/2024", Action("reopen", "test done")));
        Assert.Null(await Refusal("130102001002", "2024-06"));
    }

    [Fact]
    public async Task Bad_requests_and_callers_outside_the_subtree_are_refused()
    {
        using var clerk = server.Client(SecuredServerFixture.CountySubmitter);
        using var viewer = server.Client(SecuredServerFixture.CityViewer);
        await HttpAssert.ProblemAsync(await clerk.PostAsync(TownMonth("2026-09"), Action("sign")), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await clerk.PostAsync(TownMonth("2026-13"), Action("complete", "x")), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await clerk.PostAsync("/api/v1/units/130104001/approvals/2026-09", Action("complete", "x")), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await viewer.PostAsync(TownMonth("2026-09"), Action("complete", "x")), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await clerk.PostAsync(TownMonth("2026-09"), Action("reopen")), HttpStatusCode.Forbidden);
        Assert.Equal("open", (await HttpAssert.OkJsonAsync(await viewer.GetAsync(TownMonth("2026-09")))).GetProperty("state").GetString());
    }
}
