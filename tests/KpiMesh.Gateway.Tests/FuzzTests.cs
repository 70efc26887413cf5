using System.Net;
using System.Text;
using Xunit.Abstractions;
using static KpiMesh.Gateway.Tests.SecuredServerFixture;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// Random mutations of valid requests for a bounded time, from a fixed seed (set KPIMESH_FUZZ_SEED to replay another).
/// Every answer must be a success (the mutation happened to stay valid) or a 4xx problem document, never a 5xx or a
/// dropped connection; afterwards the process is up and the known-good rollup, outside the fuzzing principals'
/// subtree, is exactly as it was.
/// </summary>
public sealed class FuzzTests(HostileInputFixture server, ITestOutputHelper output) : IClassFixture<HostileInputFixture>
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);

    private sealed record Template(HttpMethod Method, string Path, string? Body, string Key);

    private static readonly Template[] Templates =
    [
        new(HttpMethod.Post, "/api/v1/submissions", """
            { "submissions": [ { "unit": "130102001001", "indicator": "village_room_rate", "numerator": 1, "period": "2021-12", "id": "f-1" },
              { "unit": "130102001", "indicator": "patient_treatment_rate", "numerator": 3, "denominator": 9, "period": "2021Q4" },
              { "unit": "130102", "indicator": "awareness_rate", "option": "urban", "numerator": 30, "denominator": 90, "period": "2021" },
              { "unit": "130102001", "indicator": "warning_cases", "option": "red", "numerator": 2, "period": "2021-11" } ] }
            """, CountySubmitter),
        new(HttpMethod.Post, "/api/v1/units/130102001/platform",
            """{ "period": "2021-12", "areaSquareMetres": 30, "rooms": 2, "managers": 1, "counsellors": 1, "id": "p-1" }""", CountySubmitter),
        new(HttpMethod.Put, "/api/v1/units/130102001002/applications/hebei_demo_site/2024/self-check",
            """{ "items": { "1.1": { "grade": "A" }, "1.2": { "grade": "B" } }, "materials": [ "总结" ] }""", CountySubmitter),
        new(HttpMethod.Put, "/api/v1/units/130102/targets/village_room_rate",
            """{ "option": null, "milestones": [ { "due": "2020-12-31", "value": 0.6 }, { "due": "2021-12-31", "value": 0.95 } ] }""", CountyAdmin),
        new(HttpMethod.Get, "/api/v1/units/130102/children?indicator=village_room_rate&sort=-value&limit=10", null, CountySubmitter),
        new(HttpMethod.Get, "/api/v1/units/130102/history?indicator=patient_treatment_rate&from=2021-01-01&to=2021-12-31", null, CountySubmitter),
        new(HttpMethod.Get, "/api/v1/units?q=130102&limit=5", null, CountySubmitter),
        new(HttpMethod.Get, "/api/v1/units/130102/laggards?indicator=village_room_rate&level=village&limit=3", null, CountySubmitter),
    ];

    private static readonly string[] Tokens = ["-1", "1e309", "NaN", "\"x\"", "null", "[]", "{}", "99999999999999999999", "0.5", "\"\u0000\"", "true", "\"130104001\""];

    private static string Mutate(string text, Random random)
    {
        var chars = new StringBuilder(text);
        var count = random.Next(1, 4);
        for (var i = 0; i < count && chars.Length > 0; i++)
        {
            var at = random.Next(chars.Length);
            switch (random.Next(7))
            {
                case 0: chars[at] = (char)random.Next(0x20, 0x7f); break;
                case 1: chars.Insert(at, (char)random.Next(0, 0x3000)); break;
                case 2: chars.Remove(at, Math.Min(chars.Length - at, random.Next(1, 12))); break;
                case 3: chars.Insert(at, chars.ToString(at, Math.Min(chars.Length - at, random.Next(1, 40)))); break;
                case 4: chars.Insert(at, Tokens[random.Next(Tokens.Length)]); break;
                case 5: chars.Length = at; break;
                default: chars.Insert(at, new string('[', random.Next(1, 200))); break;
            }
        }
        return chars.ToString();
    }

    [Fact]
    public async Task Random_mutations_of_valid_requests_never_get_a_5xx_nor_change_what_they_may_not()
    {
        var knownGood = await BadInputCatalogueTests.KnownGoodAsync(server);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("KPIMESH_FUZZ_SEED"), out var chosen) ? chosen : 20261123;
        var random = new Random(seed);
        var clients = new Dictionary<string, HttpClient> { [CountySubmitter] = server.Client(CountySubmitter), [CountyAdmin] = server.Client(CountyAdmin) };
        var failures = new List<string>();
        var tally = new SortedDictionary<int, int>();
        var deadline = DateTime.UtcNow + Duration;
        var iteration = 0;
        while (DateTime.UtcNow < deadline && failures.Count < 10)
        {
            iteration++;
            var template = Templates[random.Next(Templates.Length)];
            var mutateBody = template.Body is not null && random.Next(4) > 0;
            var path = mutateBody ? template.Path : Mutate(template.Path, random);
            var body = mutateBody ? Mutate(template.Body!, random) : template.Body;
            HttpRequestMessage request;
            // A leading "//" would name another host; the fuzzer aims at this one.
            try { request = new HttpRequestMessage(template.Method, "/" + path.TrimStart('/')); }
            catch (UriFormatException) { continue; } // not a request a client could send
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            try
            {
                using var response = await clients[template.Key].SendAsync(request);
                var status = (int)response.StatusCode;
                tally[status] = tally.GetValueOrDefault(status) + 1;
                var text = await response.Content.ReadAsStringAsync();
                var kestrelRefusal = status == 400 && response.Content.Headers.ContentLength == 0; // a request line Kestrel refused
                if (status >= 500 || (status >= 400 && !kestrelRefusal && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                    failures.Add($"seed {seed} iteration {iteration}: {template.Method} {path} {body} -> {status} {text[..Math.Min(300, text.Length)]}");
            }
            catch (Exception error) when (error is UriFormatException or InvalidOperationException or FormatException)
            {
                iteration--; // HttpClient would not send it: not a request any client could make
            }
            catch (HttpRequestException error)
            {
                failures.Add($"seed {seed} iteration {iteration}: {template.Method} {path} {body} -> no answer: {error.Message}");
            }
            finally
            {
                request.Dispose();
            }
        }
        foreach (var client in clients.Values) client.Dispose();
        output.WriteLine($"seed {seed}: {iteration} mutated requests in {Duration.TotalSeconds} s; statuses {string.Join(", ", tally.Select(t => $"{t.Key}x{t.Value}"))}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(iteration > 100, $"only {iteration} requests were sent");
        await BadInputCatalogueTests.AssertUnchangedAsync(server, knownGood);
    }
}
