using System.Net;
using System.Text;
using System.Text.Json;
using KpiMesh.Testing;
using Xunit.Abstractions;

namespace KpiMesh.Process.Tests;

/// <summary>
/// The bound on what a cold start replays (Recovery:MaxLagRows, README "Recovery"): a server process on PostgreSQL
/// with a tiny bound refuses submissions with 429 while the checkpoint trails the log by more, serves reads meanwhile,
/// accepts again once a round catches up, and loses nothing.
/// </summary>
public sealed class CheckpointLagTests(ITestOutputHelper output)
{
    private const int MaxLagRows = 300;

    [Fact]
    public async Task Submissions_pause_with_429_while_the_checkpoint_lags_and_resume_after_it_advances_losing_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rows = SharedData.HebeiCity("1303");
        var clusterId = "lag-" + Guid.NewGuid().ToString("N")[..8];
        await using var server = ServerProcess.Start([
                "--Orleans:ClusterId", clusterId, "--Orleans:ServiceId", clusterId,
                "--Recovery:MaxLagRows", MaxLagRows.ToString(), "--Recovery:CheckpointInterval", "00:00:02",
            ],
            new Dictionary<string, string> { ["KPIMESH_POSTGRES"] = database.ConnectionString, ["DOTNET_gcServer"] = "0" },
            FreePort.Next(), clusterId);
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromSeconds(120));
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(20) };
            Assert.True((await http.PostAsync("/api/v1/hierarchy", new StringContent(SharedData.ToCsv(rows), Encoding.UTF8, "text/csv"))).IsSuccessStatusCode);

            var submitters = new HttpLoad(rows, seed: 3);
            using var stop = new CancellationTokenSource();
            var running = submitters.RunAsync([server.Address], workers: 4, batchSize: 40, stop.Token);
            await WaitAsync(() => submitters.ThrottledDetails.Any(IsStall), TimeSpan.FromMinutes(3), () => "no submission was paused: " + submitters.Counts);
            var okAtFirstStall = submitters.Ok;
            output.WriteLine($"first pause at: {submitters.Counts}");

            // While paused: a submission is refused in the caller's language with Retry-After, a read is served.
            var (refusal, read) = await RefusedThenReadAsync(http, TimeSpan.FromMinutes(3));
            output.WriteLine($"refusal in Chinese: {refusal.RootElement.GetProperty("detail").GetString()}");
            Assert.Equal("请求过于频繁", refusal.RootElement.GetProperty("title").GetString());
            Assert.StartsWith("提交日志中有", refusal.RootElement.GetProperty("detail").GetString());
            Assert.Equal(HttpStatusCode.OK, read);
            var lagGauge = (await http.GetStringAsync("/metrics")).Split('\n').FirstOrDefault(l => l.StartsWith("kpimesh_checkpoint_lag", StringComparison.Ordinal));
            output.WriteLine($"metrics: {lagGauge}");
            Assert.NotNull(lagGauge);

            // Accepted again once the checkpoint catches up (the submitters wait Retry-After and send again).
            await WaitAsync(() => submitters.Ok >= okAtFirstStall + 20, TimeSpan.FromMinutes(3), () => "no submission was accepted after the pause: " + submitters.Counts);
            stop.Cancel();
            await running;
            output.WriteLine(submitters.Counts);
            Assert.All(submitters.ThrottledDetails, detail => Assert.True(IsStall(detail), "a 429 that was not the pause: " + detail));

            var oracle = new LogOracle(database.ConnectionString, rows);
            output.WriteLine($"submission log: {await oracle.AssertLoggedAsync(submitters.AcceptedIds)} rows, every accepted id among them");
            await oracle.AssertRollupsMatchAsync(server.Address, TimeSpan.FromSeconds(90));

            // With ingest stopped the checkpoint catches up to the whole log: nothing is left to refuse.
            await WaitAsync(async () => (await SubmitOneAsync(http, "after-" + clusterId, null)).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromMinutes(2), () => "still refused after the load stopped");
        }
        catch
        {
            output.WriteLine($"server log: {server.LogPath}");
            throw;
        }
    }

    private static bool IsStall(string detail) => detail.Contains("above the recovery checkpoint", StringComparison.Ordinal);

    /// <summary>Submits until one is refused (as Chinese asks), then reads a unit at once.</summary>
    private static async Task<(JsonDocument Refusal, HttpStatusCode Read)> RefusedThenReadAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        for (var n = 0; DateTime.UtcNow < deadline; n++)
        {
            using var response = await SubmitOneAsync(http, $"probe-{n}-{Guid.NewGuid():N}", "zh-CN");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var body = await response.Content.ReadAsStringAsync();
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "no Retry-After on the 429");
                using var read = await http.GetAsync("/api/v1/units/1303");
                return (JsonDocument.Parse(body), read.StatusCode);
            }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(100);
        }
        throw new TimeoutException("no submission was refused while the load ran");
    }

    private static Task<HttpResponseMessage> SubmitOneAsync(HttpClient http, string id, string? language)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions")
        {
            Content = new StringContent($$"""{"submissions":[{"unit":"130302","indicator":"awareness_rate","option":"urban","numerator":1,"denominator":2,"period":"2021-10","id":"{{id}}"}]}""",
                Encoding.UTF8, "application/json"),
        };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return http.SendAsync(request);
    }

    private static Task WaitAsync(Func<bool> condition, TimeSpan timeout, Func<string> failure) => WaitAsync(() => Task.FromResult(condition()), timeout, failure);

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(failure());
            await Task.Delay(200);
        }
    }
}
