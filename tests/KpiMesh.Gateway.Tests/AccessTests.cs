using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static KpiMesh.Gateway.Tests.SecuredServerFixture;

namespace KpiMesh.Gateway.Tests;

/// <summary>Authentication and subtree authorisation: one test per rule of the access issue.</summary>
public sealed class AccessTests(SecuredServerFixture server) : IClassFixture<SecuredServerFixture>
{
    private static StringContent Submission(string unit, int numerator = 1) => ServerFixture.Json($$"""
        { "submissions": [ { "unit": "{{unit}}", "indicator": "village_room_rate", "numerator": {{numerator}}, "period": "2021-12" } ] }
        """);

    private static StringContent Target(double value) => ServerFixture.Json($$"""
        { "milestones": [ { "due": "2020-12-31", "value": 0.6 }, { "due": "2021-12-31", "value": {{value}} } ] }
        """);

    [Fact]
    public async Task No_credentials_get_401_and_a_problem_document()
    {
        using var anonymous = server.Client(null);
        Assert.Contains("X-Api-Key", await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/v1/units/13"), HttpStatusCode.Unauthorized));
        await HttpAssert.ProblemAsync(await anonymous.PostAsync("/api/v1/submissions", Submission("130102001001")), HttpStatusCode.Unauthorized);
        // Health and the console stay open, for probes and for the sign-in page itself.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Unknown_and_revoked_keys_are_refused_with_their_reason()
    {
        using var unknown = server.Client("not-a-key-of-this-server");
        Assert.Contains("not known", await HttpAssert.ProblemAsync(await unknown.GetAsync("/api/v1/units/130102"), HttpStatusCode.Unauthorized));
        using var revoked = server.Client(Revoked);
        Assert.Contains("revoked", await HttpAssert.ProblemAsync(await revoked.GetAsync("/api/v1/units/130102"), HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task A_county_writes_for_its_own_units_only_and_a_mixed_batch_is_refused_whole()
    {
        using var county = server.Client(CountySubmitter);
        var own = await HttpAssert.OkJsonAsync(await county.PostAsync("/api/v1/submissions", Submission("130102001001")));
        Assert.Equal(1, own.GetProperty("accepted").GetInt32());
        Assert.Contains("outside your subtree (130102)",
            await HttpAssert.ProblemAsync(await county.PostAsync("/api/v1/submissions", Submission("130104001001")), HttpStatusCode.Forbidden));

        var mixed = ServerFixture.Json("""
            { "submissions": [ { "unit": "130102001002", "indicator": "village_room_rate", "numerator": 1, "period": "2021-12" },
                               { "unit": "130104001002", "indicator": "village_room_rate", "numerator": 1, "period": "2021-12" } ] }
            """);
        await HttpAssert.ProblemAsync(await county.PostAsync("/api/v1/submissions", mixed), HttpStatusCode.Forbidden);
        await Task.Delay(500); // longer than a flush: had anything been applied, it would show
        var village = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130102001002"));
        Assert.Equal(0, village.GetProperty("indicators").EnumerateArray().First(i => i.GetProperty("indicator").GetString() == "village_room_rate")
            .GetProperty("reportedUnits").GetInt32());
        // Platform reports and scorecards follow the same rule.
        await HttpAssert.ProblemAsync(await county.PostAsync("/api/v1/units/130104001001/platform", ServerFixture.Json("""
            { "period": "2021-12", "areaSquareMetres": 15, "rooms": 1, "managers": 1, "counsellors": 1, "serviceRules": true }
            """)), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_reader_reads_inside_its_subtree_only_and_search_shows_nothing_else()
    {
        using var county = server.Client(OtherCountyViewer);
        await HttpAssert.OkJsonAsync(await county.GetAsync("/api/v1/units/130104001001"));
        Assert.Contains("outside your subtree", await HttpAssert.ProblemAsync(await county.GetAsync("/api/v1/units/130102"), HttpStatusCode.Forbidden));
        await HttpAssert.ProblemAsync(await county.GetAsync("/api/v1/units/1301"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await county.GetAsync("/api/v1/units/130102/history?indicator=village_room_rate"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await county.GetAsync("/api/v1/units/130102/stream"), HttpStatusCode.Forbidden);
        // A unit that does not exist is outside every subtree: a scoped reader cannot probe for codes.
        await HttpAssert.ProblemAsync(await county.GetAsync("/api/v1/units/139999"), HttpStatusCode.Forbidden);
        var found = await HttpAssert.OkJsonAsync(await county.GetAsync("/api/v1/units?q=1301"));
        Assert.All(found.EnumerateArray(), u => Assert.StartsWith("130104", u.GetProperty("code").GetString()));
        Assert.NotEmpty(found.EnumerateArray());

        using var city = server.Client(CityViewer);
        await HttpAssert.OkJsonAsync(await city.GetAsync("/api/v1/units/1301/children?indicator=village_room_rate"));
        await HttpAssert.ProblemAsync(await city.GetAsync("/api/v1/units/13"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_role_too_weak_is_refused()
    {
        using var viewer = server.Client(OtherCountyViewer);
        Assert.Contains("role viewer may not submit",
            await HttpAssert.ProblemAsync(await viewer.PostAsync("/api/v1/submissions", Submission("130104001001")), HttpStatusCode.Forbidden));
        using var submitter = server.Client(CountySubmitter);
        Assert.Contains("needs admin",
            await HttpAssert.ProblemAsync(await submitter.PutAsync("/api/v1/units/130102/targets/village_room_rate", Target(0.9)), HttpStatusCode.Forbidden));
        await HttpAssert.ProblemAsync(await submitter.GetAsync("/api/v1/units/130102/submissions"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Targets_need_an_admin_of_that_subtree_and_the_hierarchy_an_admin_of_the_whole_tree()
    {
        using var countyAdmin = server.Client(CountyAdmin);
        await HttpAssert.OkJsonAsync(await countyAdmin.PutAsync("/api/v1/units/130102/targets/village_room_rate", Target(0.95)));
        await HttpAssert.ProblemAsync(await countyAdmin.PutAsync("/api/v1/units/130104/targets/village_room_rate", Target(0.95)), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await countyAdmin.PutAsync("/api/v1/units/1301/targets/village_room_rate", Target(0.95)), HttpStatusCode.Forbidden);
        var csv = new StringContent(ServerFixture.Hierarchy, Encoding.UTF8, "text/csv");
        Assert.Contains("whole tree", await HttpAssert.ProblemAsync(await countyAdmin.PostAsync("/api/v1/hierarchy", csv), HttpStatusCode.Forbidden));
        await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/hierarchy", new StringContent(ServerFixture.Hierarchy, Encoding.UTF8, "text/csv")));
    }

    [Fact]
    public async Task A_subtrees_part_of_the_programme_needs_its_admin_and_the_whole_programme_an_admin_of_the_whole_tree()
    {
        using var countyAdmin = server.Client(CountyAdmin);
        static StringContent Part() => ServerFixture.Json("""{ "indicators": [], "targets": [] }""");
        Assert.True((await HttpAssert.OkJsonAsync(await countyAdmin.PutAsync("/api/v1/units/130102/programme?dryRun=true", Part()))).GetProperty("dryRun").GetBoolean());
        await HttpAssert.ProblemAsync(await countyAdmin.PutAsync("/api/v1/units/130104/programme?dryRun=true", Part()), HttpStatusCode.Forbidden);
        Assert.Contains("whole tree", await HttpAssert.ProblemAsync(
            await countyAdmin.PutAsync("/api/v1/programme?dryRun=true", ServerFixture.Json("""{ "indicators": [] }""")), HttpStatusCode.Forbidden));
        Assert.Contains("whole tree", await HttpAssert.ProblemAsync(await countyAdmin.PostAsync("/api/v1/attributes",
            new StringContent("code,attribute,year,value\n130102,population,2025,1\n", Encoding.UTF8, "text/csv")), HttpStatusCode.Forbidden));
        using var cityViewer = server.Client(CityViewer);
        await HttpAssert.OkJsonAsync(await cityViewer.GetAsync("/api/v1/programme"));
        await HttpAssert.ProblemAsync(await cityViewer.PutAsync("/api/v1/units/1301/programme?dryRun=true", Part()), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_audit_trail_names_the_principal_that_submitted()
    {
        using var county = server.Client(CountySubmitter);
        await HttpAssert.OkJsonAsync(await county.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [ { "unit": "130102001", "indicator": "patient_treatment_rate", "numerator": 4, "denominator": 9, "period": "2021-12", "id": "audit-1" } ] }
            """)));
        using var countyAdmin = server.Client(CountyAdmin);
        var audit = await HttpAssert.OkJsonAsync(await countyAdmin.GetAsync("/api/v1/units/130102001/submissions"));
        var entry = audit.GetProperty("submissions").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "audit-1");
        Assert.Equal(("county-130102-submitter", 4, 9), (entry.GetProperty("submittedBy").GetString(), entry.GetProperty("numerator").GetInt64(),
            entry.GetProperty("denominator").GetInt64()));
        await HttpAssert.ProblemAsync(await countyAdmin.GetAsync("/api/v1/units/130104001/submissions"), HttpStatusCode.Forbidden);
    }

    private static string Token(string audience = JwtAudience, string key = JwtSigningKey, TimeSpan? expiresIn = null, string? unit = "130104", string role = "viewer")
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(5));
        var claims = new Dictionary<string, object> { ["sub"] = "leader@130104", ["role"] = role };
        if (unit is not null) claims["unit"] = unit;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = JwtIssuer,
            Audience = audience,
            IssuedAt = expires.AddMinutes(-10),
            NotBefore = expires.AddMinutes(-10),
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    private async Task<HttpResponseMessage> WithTokenAsync(string token, string path)
    {
        using var client = server.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(path);
    }

    [Fact]
    public async Task Bearer_tokens_carry_role_and_subtree_and_bad_ones_are_refused_with_the_reason()
    {
        await HttpAssert.OkJsonAsync(await WithTokenAsync(Token(), "/api/v1/units/130104"));
        await HttpAssert.ProblemAsync(await WithTokenAsync(Token(), "/api/v1/units/130102"), HttpStatusCode.Forbidden);
        Assert.Contains("expired", await HttpAssert.ProblemAsync(await WithTokenAsync(Token(expiresIn: TimeSpan.FromMinutes(-5)), "/api/v1/units/130104"), HttpStatusCode.Unauthorized));
        Assert.Contains("signature", await HttpAssert.ProblemAsync(
            await WithTokenAsync(Token(key: "another-key-that-is-also-32-bytes-long!"), "/api/v1/units/130104"), HttpStatusCode.Unauthorized));
        Assert.Contains("audience", await HttpAssert.ProblemAsync(await WithTokenAsync(Token(audience: "someone-else"), "/api/v1/units/130104"), HttpStatusCode.Unauthorized));
        await HttpAssert.ProblemAsync(await WithTokenAsync("not.a.token", "/api/v1/units/130104"), HttpStatusCode.Unauthorized);
        Assert.Contains("no unit claim", await HttpAssert.ProblemAsync(await WithTokenAsync(Token(unit: null), "/api/v1/units/130104"), HttpStatusCode.Forbidden));
        Assert.Contains("no role claim", await HttpAssert.ProblemAsync(await WithTokenAsync(Token(role: "superuser"), "/api/v1/units/130104"), HttpStatusCode.Forbidden));
    }
}

public sealed class LimitTests(RateLimitedServerFixture server) : IClassFixture<RateLimitedServerFixture>
{
    [Fact]
    public async Task A_principal_over_its_rate_gets_429_with_retry_after_and_others_are_not_affected()
    {
        using var county = server.Client(CountySubmitter);
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++) statuses.Add(await county.GetAsync("/api/v1/units/130102"));
        var limited = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After is missing");
        Assert.Contains("requests per second", await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests));
        Assert.InRange(statuses.Count(r => r.IsSuccessStatusCode), 10, 20);
        using var other = server.Client(OtherCountyViewer);
        await HttpAssert.OkJsonAsync(await other.GetAsync("/api/v1/units/130104"));
    }

    [Fact]
    public async Task Live_streams_per_principal_are_capped()
    {
        using var city = server.Client(CityViewer);
        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < 2; i++)
        {
            var stream = await city.GetAsync("/api/v1/units/1301/stream", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            open.Add(stream);
        }
        var third = await city.GetAsync("/api/v1/units/1301/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Contains("live streams", await HttpAssert.ProblemAsync(third, HttpStatusCode.TooManyRequests));
        open[0].Dispose();
        await HttpAssert.PollStatusAsync(() => city.GetAsync("/api/v1/units/1301/stream", HttpCompletionOption.ResponseHeadersRead), HttpStatusCode.OK, open);
        foreach (var stream in open) stream.Dispose();
    }
}
