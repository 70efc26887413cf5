using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using KpiMesh.Abstractions;

namespace KpiMesh.Process.Tests;

/// <summary>
/// Submitters hammering several gateways with month-end batches (ids on every item, a few exact retries of earlier
/// ones), keeping count of what each gateway answered and of every item that came back accepted.
/// </summary>
public sealed class HttpLoad(HierarchyRowData[] rows, int seed)
{
    private static readonly string[] Periods = ["2021-10", "2021Q4", "2021-12", "2022-01"];
    private readonly string[] _villages = rows.Where(r => r.Level == "village").Select(r => r.Code).ToArray();
    private readonly string[] _towns = rows.Where(r => r.Level == "town").Select(r => r.Code).ToArray();
    private readonly string[] _counties = rows.Where(r => r.Level == "county").Select(r => r.Code).ToArray();
    private int _requests, _ok, _unavailable, _throttled, _failed;

    public ConcurrentBag<string> AcceptedIds { get; } = [];

    public ConcurrentBag<string> UnavailableProblemTitles { get; } = [];

    /// <summary>The problem detail of every 429 answer, in arrival order.</summary>
    public ConcurrentQueue<string> ThrottledDetails { get; } = new();

    public string Counts => $"{_requests} requests: {_ok} OK, {_unavailable} answered 503, {_throttled} 429, {_failed} failed to connect; {AcceptedIds.Count} items accepted";

    public int Ok => _ok;

    public int Unavailable => _unavailable;

    public int Throttled => _throttled;

    public async Task WaitForAcceptedAsync(int items, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (AcceptedIds.Count < items)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"load did not reach {items} accepted items: {Counts}");
            await Task.Delay(50);
        }
    }

    public async Task RunAsync(IReadOnlyList<Uri> gateways, int workers, int batchSize, CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(seed * 100 + worker);
            var sent = new List<string>();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var items = new List<(string Id, string Json)>(batchSize);
                for (var i = 0; i < batchSize; i++)
                {
                    if (sent.Count > 0 && random.NextDouble() < 0.05) { var again = sent[random.Next(sent.Count)]; items.Add((IdOf(again), again)); continue; }
                    var id = $"s{seed}-w{worker}-{n}-{i}";
                    var json = Item(random, id);
                    sent.Add(json);
                    items.Add((id, json));
                }
                var gateway = gateways[(worker + n) % gateways.Count];
                Interlocked.Increment(ref _requests);
                try
                {
                    using var content = new StringContent($$"""{"submissions":[{{string.Join(",", items.Select(i => i.Json))}}]}""", Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync(new Uri(gateway, "/api/v1/submissions"), content, CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref _ok);
                        using var result = JsonDocument.Parse(body);
                        var rejected = result.RootElement.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()).ToHashSet();
                        for (var i = 0; i < items.Count; i++) if (!rejected.Contains(i)) AcceptedIds.Add(items[i].Id);
                    }
                    else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref _unavailable);
                        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                            UnavailableProblemTitles.Add(JsonDocument.Parse(body).RootElement.GetProperty("title").GetString()!);
                    }
                    else if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        // A well-behaved client waits as told: 503s come back fast while PostgreSQL is down, and a
                        // worker retrying at once exceeds the per-principal rate limit.
                        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                            ThrottledDetails.Enqueue(JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!);
                        Interlocked.Increment(ref _throttled);
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), CancellationToken.None);
                    }
                    else throw new InvalidOperationException($"unexpected {response.StatusCode}: {body}");
                }
                catch (HttpRequestException) { Interlocked.Increment(ref _failed); await Task.Delay(100, CancellationToken.None); }
                catch (TaskCanceledException) { Interlocked.Increment(ref _failed); }
            }
        })));
    }

    private string Item(Random random, string id)
    {
        var period = Periods[random.Next(Periods.Length)];
        var pick = random.NextDouble();
        if (pick < 0.6) return $$"""{"unit":"{{_villages[random.Next(_villages.Length)]}}","indicator":"village_room_rate","numerator":{{random.Next(2)}},"period":"{{period}}","id":"{{id}}"}""";
        if (pick < 0.85)
        {
            var d = random.Next(1, 400);
            return $$"""{"unit":"{{_towns[random.Next(_towns.Length)]}}","indicator":"patient_management_rate","numerator":{{random.Next(d + 1)}},"denominator":{{d}},"period":"{{period}}","id":"{{id}}"}""";
        }
        var surveyed = random.Next(1, 800);
        var option = random.NextDouble() < 0.5 ? "urban" : "rural";
        return $$"""{"unit":"{{_counties[random.Next(_counties.Length)]}}","indicator":"awareness_rate","option":"{{option}}","numerator":{{random.Next(surveyed + 1)}},"denominator":{{surveyed}},"period":"{{period}}","id":"{{id}}"}""";
    }

    private static string IdOf(string json) => JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
}
