using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;
using static KpiMesh.Gateway.Tests.SecuredServerFixture;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// Hostile and malformed requests, each of which must get a 4xx problem document, leave the process up and leave a
/// known-good rollup exactly as it was. Requests go as the county 130102 submitter unless they need the admin, so a
/// request that slipped through validation still could not touch the known-good county 130104.
/// </summary>
public sealed class BadInputCatalogueTests(HostileInputFixture server, ITestOutputHelper output) : IClassFixture<HostileInputFixture>
{
    /// <param name="ExpectContinue">Ask before sending the body, as a client of large uploads should: a refusal then costs no upload.</param>
    public sealed record Case(string Name, HttpMethod Method, string Path, Func<HttpContent?> Body, bool AsAdmin = false, bool ExpectContinue = false);

    private static Func<HttpContent?> Json(string json) => () => new StringContent(json, Encoding.UTF8, "application/json");
    private static Func<HttpContent?> Bytes(byte[] bytes, string type = "application/json") => () =>
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return content;
    };
    private static Func<HttpContent?> Text(string text, string type) => () => new StringContent(text, Encoding.UTF8, MediaTypeHeaderValue.Parse(type));

    private const string Valid = """{ "submissions": [ { "unit": "130102001001", "indicator": "village_room_rate", "numerator": 1, "period": "2021-12" } ] }""";

    private static string Item(string fields) => $$"""{ "submissions": [ { {{fields}} } ] }""";

    private static string Batch(int items) =>
        "{ \"submissions\": [" + string.Join(",", Enumerable.Repeat("""{"unit":"130102001001","indicator":"village_room_rate","numerator":1,"period":"2021-12"}""", items)) + "] }";

    private static byte[] Utf8With(byte[] inside) =>
        [.. Encoding.UTF8.GetBytes("""{ "submissions": [ { "unit": "130102001001", "indicator": "village_room_rate", "numerator": 1, "period": "2021-12", "id": " """), .. inside,
            .. Encoding.UTF8.GetBytes("\" } ] }")];

    public static IEnumerable<Case> Catalogue()
    {
        var post = HttpMethod.Post;
        var get = HttpMethod.Get;
        var put = HttpMethod.Put;
        const string submissions = "/api/v1/submissions";

        // Content types
        foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/csv" })
            yield return new($"content type {type}", post, submissions, Text(Valid, type));
        yield return new("no body at all", post, submissions, () => null);

        // Truncated JSON
        foreach (var length in new[] { 1, 5, 16, 30, 50, 75, 100, Valid.Length - 1 })
            yield return new($"truncated at {length}", post, submissions, Json(Valid[..length]));

        // Deep nesting
        foreach (var depth in new[] { 9, 100, 10_000, 500_000 })
            yield return new($"arrays nested {depth} deep", post, submissions, Json(new string('[', depth) + new string(']', depth)));
        yield return new("objects nested 50 deep", post, submissions, Json(string.Concat(Enumerable.Repeat("{\"a\":", 50)) + "1" + new string('}', 50)));
        yield return new("items nested in arrays", post, submissions, Json("""{ "submissions": [[[[[[[[[[ {} ]]]]]]]]]] }"""));

        // Wrong shapes and types at the top
        foreach (var body in new[] { "null", "1", "\"x\"", "[]", "true", "{}", """{"submissions":null}""", """{"submissions":{}}""",
                     """{"submissions":"x"}""", """{"submissions":5}""", """{"Submissions":[]}""" })
            yield return new($"top level {body}", post, submissions, Json(body));
        yield return new("duplicate submissions key", post, submissions, Json("""{ "submissions": [], "submissions": [] }"""));

        // Not JSON as the standard knows it
        foreach (var (name, body) in new[]
                 {
                     ("bare NaN", Item("\"unit\":\"130102001001\",\"indicator\":\"village_room_rate\",\"numerator\":NaN,\"period\":\"2021\"")),
                     ("bare Infinity", Item("\"unit\":\"130102001001\",\"indicator\":\"village_room_rate\",\"numerator\":Infinity,\"period\":\"2021\"")),
                     ("bare -Infinity", Item("\"unit\":\"130102001001\",\"indicator\":\"village_room_rate\",\"numerator\":-Infinity,\"period\":\"2021\"")),
                     ("comment", "/* hi */" + Valid),
                     ("trailing comma", Valid.Replace("] }", ",] }")),
                     ("single quotes", Valid.Replace('"', '\'')),
                     ("hex number", Item("\"unit\":\"130102001001\",\"numerator\":0x1")),
                     ("leading zeros", Item("\"unit\":\"130102001001\",\"numerator\":0001")),
                     ("two documents", Valid + Valid),
                     ("unquoted key", Item("unit:\"130102001001\"")),
                 })
            yield return new(name, post, submissions, Json(body));

        // Invalid UTF-8
        foreach (var (name, bytes) in new[] { ("0xff 0xfe", new byte[] { 0xff, 0xfe }), ("overlong slash", new byte[] { 0xc0, 0xaf }),
                     ("lone continuation", new byte[] { 0x80 }), ("truncated 3-byte", new byte[] { 0xe4, 0xb8 }), ("surrogate half", new byte[] { 0xed, 0xa0, 0x80 }) })
            yield return new($"invalid UTF-8 {name}", post, submissions, Bytes(Utf8With(bytes)));

        // Size
        yield return new("10 MB of whitespace then junk", post, submissions, Json(new string(' ', 10_000_000) + "{x"));
        yield return new("10 MB unterminated string", post, submissions, Json("{ \"submissions\": [ { \"unit\": \"" + new string('1', 10_000_000)));
        yield return new("10 MB of brackets", post, submissions, Json(new string('[', 10_000_000)));
        yield return new("20 MB body", post, submissions, Json("{ \"submissions\": [], \"pad\": \"" + new string('x', 20_000_000) + "\" }"), ExpectContinue: true);
        yield return new("100k-item batch", post, submissions, Json(Batch(100_000)));
        yield return new("50,001-item batch", post, submissions, Json(Batch(50_001)));

        // Unit reads
        foreach (var code in new[] { "abc", "13;DROP%20TABLE%20x", new string('1', 40), "%01", "..%2f..%2fetc%2fpasswd", "13%20", "%27%20OR%201%3D1", "-13", "13.5" })
            yield return new($"unit code {code}", get, $"/api/v1/units/{code}", () => null, AsAdmin: true);
        yield return new("unknown unit", get, "/api/v1/units/139999", () => null, AsAdmin: true);
        yield return new("unknown unit for a scoped reader", get, "/api/v1/units/139999", () => null);
        foreach (var query in new[] { "", "?indicator=nope", "?indicator=awareness_rate&option=elderly", "?indicator=village_room_rate&sort=bogus",
                     "?indicator=village_room_rate&limit=0", "?indicator=village_room_rate&limit=abc", "?indicator=village_room_rate&limit=99999999999" })
            yield return new($"children {query}", get, "/api/v1/units/130102/children" + query, () => null);
        foreach (var query in new[] { "", "?q=" + new string('x', 65), "?q=%01", "?q=13&limit=0", "?q=13&limit=1000" })
            yield return new($"search {query}", get, "/api/v1/units" + query, () => null);
        foreach (var query in new[] { "?indicator=village_room_rate&from=garbage", "?indicator=village_room_rate&from=2021-03-01&to=2021-01-01",
                     "?indicator=village_room_rate&from=2021-13-01", "?indicator=nope", "?indicator=awareness_rate&option=elderly", "" })
            yield return new($"history {query}", get, "/api/v1/units/130102/history" + query, () => null);
        foreach (var query in new[] { "?indicator=village_room_rate&level=hamlet", "?indicator=village_room_rate&level=village&limit=0", "?level=village",
                     "?indicator=awareness_rate&option=elderly&level=county" })
            yield return new($"laggards {query}", get, "/api/v1/units/130102/laggards" + query, () => null);
        yield return new("audit limit 0", get, "/api/v1/units/130102/submissions?limit=0", () => null, AsAdmin: true);
        yield return new("audit limit text", get, "/api/v1/units/130102/submissions?limit=abc", () => null, AsAdmin: true);
        yield return new("stream of a malformed code", get, "/api/v1/units/x'y/stream", () => null);

        // Targets
        const string target = "/api/v1/units/130102/targets/village_room_rate";
        foreach (var (name, body) in new[]
                 {
                     ("value above 1", """{ "milestones": [ { "due": "2021-12-31", "value": 1.5 } ] }"""),
                     ("value as NaN string", """{ "milestones": [ { "due": "2021-12-31", "value": "NaN" } ] }"""),
                     ("no milestones", """{ }"""),
                     ("milestones out of order", """{ "milestones": [ { "due": "2021-12-31", "value": 0.9 }, { "due": "2020-12-31", "value": 0.5 } ] }"""),
                     ("impossible day", """{ "milestones": [ { "due": "2021-02-30", "value": 0.9 } ] }"""),
                     ("negative baseline", """{ "baselineValue": -1, "milestones": [ { "due": "2021-12-31", "value": 0.9 } ] }"""),
                     ("unknown field", """{ "milestone": [ { "due": "2021-12-31", "value": 0.9 } ] }"""),
                     ("duplicate field", """{ "milestones": [], "milestones": [ { "due": "2021-12-31", "value": 0.9 } ] }"""),
                     ("not JSON", """milestones=0.9"""),
                     ("an array", """[ { "due": "2021-12-31", "value": 0.9 } ]"""),
                 })
            yield return new($"target {name}", put, target, Json(body), AsAdmin: true);
        yield return new("target as text/plain", put, target, Text("""{ "milestones": [ { "due": "2021-12-31", "value": 0.9 } ] }""", "text/plain"), AsAdmin: true);
        yield return new("target for a count", put, "/api/v1/units/130102/targets/warning_cases",
            Json("""{ "option": "red", "milestones": [ { "due": "2021-12-31", "value": 0.9 } ] }"""), AsAdmin: true);

        // Platform reports
        const string platform = "/api/v1/units/130102001/platform";
        foreach (var (name, body) in new[]
                 {
                     ("negative area", """{ "period": "2021-12", "areaSquareMetres": -1, "rooms": 2, "managers": 1, "counsellors": 1 }"""),
                     ("area as text", """{ "period": "2021-12", "areaSquareMetres": "big", "rooms": 2, "managers": 1, "counsellors": 1 }"""),
                     ("half a room", """{ "period": "2021-12", "areaSquareMetres": 30, "rooms": 2.5, "managers": 1, "counsellors": 1 }"""),
                     ("month 13", """{ "period": "2021-13", "areaSquareMetres": 30, "rooms": 2, "managers": 1, "counsellors": 1 }"""),
                     ("unknown field", """{ "period": "2021-12", "area": 30, "rooms": 2, "managers": 1, "counsellors": 1 }"""),
                     ("duplicate field", """{ "period": "2021-12", "period": "2021-11", "areaSquareMetres": 30, "rooms": 2, "managers": 1, "counsellors": 1 }"""),
                     ("nothing given", """{ }"""),
                     ("huge staff", """{ "period": "2021-12", "areaSquareMetres": 30, "rooms": 2, "managers": 1e300, "counsellors": 1 }"""),
                 })
            yield return new($"platform {name}", post, platform, Json(body));
        yield return new("platform at a city", post, "/api/v1/units/1301/platform",
            Json("""{ "period": "2021-12", "areaSquareMetres": 30, "rooms": 2, "managers": 1, "counsellors": 1 }"""), AsAdmin: true);

        // Applications (a county submitter self-checks a village of its own county)
        const string selfCheck = "/api/v1/units/130102001001/applications/hebei_demo_site/2024/self-check";
        foreach (var (name, body) in new[]
                 {
                     ("grade Z", """{ "items": { "1.1": { "grade": "Z" } } }"""),
                     ("grade none", """{ "items": { "1.1": { "grade": "none" } } }"""),
                     ("items as array", """{ "items": [ "A" ] }"""),
                     ("unknown item", """{ "items": { "9.9": { "grade": "A" } } }"""),
                     ("points on an A/B card", """{ "items": { "1.1": { "points": 4 } } }"""),
                     ("unknown field", """{ "items": {}, "score": 100 }"""),
                     ("null item", """{ "items": { "1.1": null } }"""),
                     ("blank material", """{ "items": {}, "materials": [ " " ] }"""),
                     ("200 items", "{ \"items\": {" + string.Join(",", Enumerable.Range(0, 200).Select(i => $"\"x{i}\":{{\"grade\":\"A\"}}")) + "} }"),
                 })
            yield return new($"self-check {name}", put, selfCheck, Json(body));
        yield return new("self-check of a town", put, "/api/v1/units/130102001/applications/hebei_demo_site/2024/self-check", Json("""{ "items": {} }"""));
        yield return new("on-site scores by a submitter", put, "/api/v1/units/130102001001/applications/hebei_demo_site/2024/on-site", Json("""{ "items": {} }"""));
        yield return new("decision by a submitter", post, "/api/v1/units/130102001001/applications/hebei_demo_site/2024/decision", Json("""{ "decision": "named" }"""));
        yield return new("unknown decision", post, "/api/v1/units/130102001001/applications/hebei_demo_site/2024/decision", Json("""{ "decision": "maybe" }"""));
        yield return new("year as text", put, "/api/v1/units/130102001001/applications/hebei_demo_site/soon/self-check", Json("""{ "items": {} }"""));
        yield return new("unknown scorecard", put, "/api/v1/units/130102001001/applications/../../etc/2024/self-check", Json("{}"));
        yield return new("applications of an unknown stage", get, "/api/v1/units/130102/applications?stage=done", () => null);
        yield return new("assessments of year 1", get, "/api/v1/units/130102/assessments?year=1", () => null);

        // Hierarchy (admin only)
        const string hierarchy = "/api/v1/hierarchy";
        foreach (var (name, csv) in new[]
                 {
                     ("formula in a name", "code,name,level,parent_code\n13999,=cmd|' /C calc'!A0,county,13\n"),
                     ("unknown level", "code,name,level,parent_code\n13999,x,hamlet,13\n"),
                     ("missing column", "code,name,level\n13999,x,county\n"),
                     ("unknown parent", "code,name,level,parent_code\n13999,x,county,77\n"),
                     ("a cycle", "code,name,level,parent_code\n13998,a,county,13997\n13997,b,county,13998\n"),
                     ("a code moved to another parent", "code,name,level,parent_code\n130102,长安区,county,13\n"),
                     ("a code with SQL", "code,name,level,parent_code\n13'--,x,county,13\n"),
                 })
            yield return new($"hierarchy {name}", post, hierarchy, Text(csv, "text/csv"), AsAdmin: true);
        yield return new("hierarchy as JSON", post, hierarchy, Json("""{ "units": [] }"""), AsAdmin: true);
        yield return new("hierarchy invalid UTF-8", post, hierarchy, Bytes([.. "code,name,level,parent_code\n13999,"u8.ToArray(), 0xff, 0xfe, .. ",county,13\n"u8.ToArray()], "text/csv"), AsAdmin: true);
        yield return new("hierarchy by a county", post, hierarchy, Text("code,name,level,parent_code\n", "text/csv"));

        // Methods and paths
        yield return new("DELETE a unit", HttpMethod.Delete, "/api/v1/units/130102", () => null, AsAdmin: true);
        yield return new("PATCH submissions", HttpMethod.Patch, submissions, Json(Valid), AsAdmin: true);
        yield return new("path traversal", get, "/api/v1/../../etc/passwd", () => null, AsAdmin: true);
    }

    private static string Known(JsonElement unit) => string.Join(";", unit.GetProperty("indicators").EnumerateArray().Select(i =>
        $"{i.GetProperty("indicator").GetString()}/{i.GetProperty("option")}/{i.GetProperty("numerator")}/{i.GetProperty("denominator")}/{i.GetProperty("reportedUnits")}"));

    internal static async Task<string> KnownGoodAsync(ServerFixture server)
    {
        var accepted = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [ { "unit": "130104001", "indicator": "patient_treatment_rate", "numerator": 7, "denominator": 10, "period": "2021-12", "id": "known-good" } ] }
            """)));
        Assert.Equal(1, accepted.GetProperty("accepted").GetInt32());
        var unit = await HttpAssert.PollAsync(server.Http, "/api/v1/units/130104", u => Known(u).Contains("patient_treatment_rate//7/10/1"));
        return Known(unit);
    }

    internal static async Task AssertUnchangedAsync(ServerFixture server, string knownGood)
    {
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health/live")).StatusCode);
        await Task.Delay(300); // beyond a flush, so a change would have arrived
        Assert.Equal(knownGood, Known(await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130104"))));
    }

    [Fact]
    public async Task Every_malformed_request_gets_a_4xx_problem_and_changes_nothing()
    {
        var knownGood = await KnownGoodAsync(server);
        var cases = Catalogue().ToList();
        Assert.True(cases.Count >= 100, $"only {cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());
        using var county = server.Client(CountySubmitter);
        var failures = new List<string>();
        foreach (var c in cases)
        {
            using var request = new HttpRequestMessage(c.Method, c.Path) { Content = c.Body() };
            if (c.ExpectContinue) request.Headers.ExpectContinue = true;
            HttpResponseMessage response;
            try { response = await (c.AsAdmin ? server.Http : county).SendAsync(request); }
            catch (HttpRequestException error)
            {
                failures.Add($"{c.Name}: no answer ({error.Message})");
                continue;
            }
            using var _ = response;
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status is < 400 or > 499) failures.Add($"{c.Name}: {status} {body[..Math.Min(200, body.Length)]}");
            else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") failures.Add($"{c.Name}: {status} without a problem document");
            else if (body.Contains("   at ")) failures.Add($"{c.Name}: a stack trace");
            else output.WriteLine($"{status} {c.Name}: {JsonDocument.Parse(body).RootElement.GetProperty("title")}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // A NUL in the path never reaches the app: Kestrel refuses the request line itself, with a bare 400.
        Assert.Equal(HttpStatusCode.BadRequest, (await county.GetAsync("/api/v1/units/%00")).StatusCode);
        output.WriteLine($"{cases.Count} malformed requests, each refused with a 4xx problem document");
        await AssertUnchangedAsync(server, knownGood);
    }
}
