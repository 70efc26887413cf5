using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using KpiMesh.LoadGen;
using KpiMesh.Testing;
using Xunit.Abstractions;

namespace KpiMesh.Gateway.Tests;

/// <summary>A few seconds of the load generator (src/KpiMesh.LoadGen) in each of its modes; the benchmark itself is bench/run.sh.</summary>
public sealed class LoadGeneratorSmokeTests(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly string _hierarchy = WriteHierarchy();

    private static string WriteHierarchy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kpimesh-loadgen-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, ServerFixture.Hierarchy);
        return path;
    }

    public void Dispose() => File.Delete(_hierarchy);

    private LoadOptions Options(string mode) => new()
    {
        Mode = mode, Target = server.Address.ToString(), Hierarchy = _hierarchy, Duration = TimeSpan.FromSeconds(3),
        // Paced under the server's default per-principal limit (200 requests/s): the probe and the reader share it.
        Concurrency = 2, Batch = 20, Rate = 1000, ProbeEvery = TimeSpan.FromMilliseconds(200), Readers = 1, ReadRate = 20,
    };

    [Fact]
    public async Task The_xlsx_mode_writes_and_reads_one_template_with_each_library_and_reports_time_and_allocation()
    {
        var report = await new XlsxBenchmark(new LoadOptions { Mode = "xlsx", Rows = 300 }, new StringWriter()).RunAsync("xlsx", CancellationToken.None);
        output.WriteLine(JsonSerializer.Serialize(report));
        // A reader that read a cell short of the template would have been reported failed.
        Assert.DoesNotContain(report.Extra.Keys, k => k.EndsWith("Failed", StringComparison.Ordinal));
        foreach (var key in new[] { "miniexcel.write", "closedxml.write", "miniexcel.read", "closedxml.read", "exceldatareader.read" })
        {
            Assert.True(report.Extra[key + "Ms"] > 0, key);
            Assert.True(report.Extra[key + "AllocatedMb"] > 0, key);
        }
        Assert.True(report.Extra["miniexcel.fileKb"] > 0 && report.Extra["closedxml.fileKb"] > 0);
    }

    [Fact]
    public async Task Submitting_reports_throughput_latency_freshness_and_reads_and_the_values_land()
    {
        var report = await new LoadRunner(Options("submit"), new StringWriter()).RunAsync("smoke");
        output.WriteLine(JsonSerializer.Serialize(report));
        Assert.True(report.ValuesAccepted > 0, "nothing accepted");
        Assert.True(report.ValuesRejected == 0 && report.FailedRequests == 0, JsonSerializer.Serialize(report));
        Assert.True(report.FreshnessSamples > 0, "no freshness sample");
        Assert.True(report.FreshnessP99Ms is > 0 and < 10_000);
        Assert.True(report.Reads > 0 && report.ReadP50Ms > 0);
        var province = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/13"));
        var rooms = province.GetProperty("indicators").EnumerateArray().First(i => i.GetProperty("indicator").GetString() == "village_room_rate");
        Assert.Equal(4, rooms.GetProperty("reportedUnits").GetInt32());
    }

    [Fact]
    public async Task The_trivial_mode_measures_the_gateways_ceiling()
    {
        var options = Options("trivial");
        options.Concurrency = 1;
        options.Duration = TimeSpan.FromSeconds(1);
        var report = await new LoadRunner(options, new StringWriter()).RunAsync("trivial");
        Assert.True(report.Requests > 10 && report.FailedRequests == 0 && report.RequestsPerSecond > 0);
    }

    [Fact]
    public async Task The_rollup_peer_keeps_every_ancestor_exactly_what_its_values_sum_to()
    {
        await using var database = await TestDatabase.CreateAsync();
        var report = await RunPeerAsync(database, "rollup");
        // Latest value per series: the four villages, two towns x 4 series, two counties' awareness.
        Assert.Equal(4 + 2 * 4 + 2, report.Extra["rows"]);
        Assert.True(report.ValuesAccepted > 0 && report.Reads > 0 && report.Extra["idleReadP50Ms"] > 0);
        // The trigger-kept rollup of every unit and series equals the sum over the closure table, after concurrent
        // writers inserted and then updated values again and again.
        var rollupRows = await database.ScalarAsync<long>("SELECT count(*) FROM peer_rollup");
        Assert.True(rollupRows > 14, $"{rollupRows} rollup rows");
        Assert.Equal(0L, await database.ScalarAsync<long>("""
            WITH expected AS (
              SELECT c.ancestor AS unit, v.indicator, v.option, sum(v.numerator) AS numerator, sum(v.denominator) AS denominator, count(*) AS reported
              FROM peer_closure c JOIN peer_value v ON v.unit = c.descendant GROUP BY 1, 2, 3)
            SELECT count(*) FROM expected e FULL JOIN peer_rollup r USING (unit, indicator, option)
            WHERE (e.numerator, e.denominator, e.reported) IS DISTINCT FROM (r.numerator, r.denominator, r.reported)
            """));
    }

    [Fact]
    public async Task The_closure_peer_upserts_the_same_submissions_and_times_its_summary_query()
    {
        await using var database = await TestDatabase.CreateAsync();
        var report = await RunPeerAsync(database, "closure");
        Assert.True(report.ValuesAccepted > 0 && report.Reads > 0 && report.Extra["idleReadP50Ms"] > 0);
        Assert.Equal(4 + 2 * 4 + 2, report.Extra["rows"]);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'peer_rollup'"));
    }

    /// <summary>One peer benchmark (its tables in <paramref name="database"/>) for two seconds.</summary>
    private async Task<LoadReport> RunPeerAsync(TestDatabase database, string peer)
    {
        var options = Options("peer");
        options.Postgres = database.ConnectionString;
        options.Peer = peer;
        options.Duration = TimeSpan.FromSeconds(2);
        var report = await new PeerBenchmark(options, new StringWriter()).RunAsync("peer-" + peer);
        output.WriteLine(JsonSerializer.Serialize(report));
        return report;
    }

    /// <summary>The failover client over a process that is down (nothing listens there) and <paramref name="live"/>, until <paramref name="values"/> are accepted.</summary>
    private async Task<LoadReport> RunFailoverAsync(string live, int values, TimeSpan retryInterval)
    {
        var options = Options("failover");
        options.Targets = $"http://127.0.0.1:{FreePort.Next()},{live}";
        options.RetryInterval = retryInterval;
        options.Values = values;
        options.Duration = TimeSpan.FromMinutes(1);
        var report = await new FailoverRun(options, new StringWriter()).RunAsync("failover", CancellationToken.None);
        output.WriteLine(JsonSerializer.Serialize(report));
        Assert.True(report.ValuesAccepted >= values, JsonSerializer.Serialize(report));
        return report;
    }

    [Fact]
    public async Task The_failover_mode_retries_a_request_on_the_next_process_when_one_is_down()
    {
        var report = await RunFailoverAsync(server.Address.ToString(), values: 200, TimeSpan.FromMilliseconds(100));
        Assert.True(report.Extra["retriedOperations"] > 0, "no request went to the process that is down first");
        Assert.Equal(1, report.Extra["maxFailedAttempts"]);
        Assert.Equal(0, report.Extra["operationsFailingBeyondOneRetry"]);
    }

    [Fact]
    public async Task The_failover_mode_waits_out_a_429_where_it_was_answered_instead_of_going_back_to_a_process_that_is_down()
    {
        // A process that pauses every other request (429, as while the recovery checkpoint catches up), beside one that
        // is down: as in a rolling restart, where the live processes pause ingest while one is stopped.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var pausing = builder.Build();
        var requests = 0;
        pausing.MapPost("/api/v1/submissions", (HttpContext context) =>
        {
            if (Interlocked.Increment(ref requests) % 2 == 0) return Results.Json(new { accepted = 20 });
            context.Response.Headers.RetryAfter = "0";
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        });
        pausing.MapGet("/api/v1/units/{code}", () => Results.Json(new { }));
        await pausing.StartAsync();

        var report = await RunFailoverAsync(pausing.Urls.First(), values: 400, TimeSpan.FromMilliseconds(50));
        Assert.True(report.Extra["retriedOperations"] > 0 && report.Extra["pausedAttempts"] > 0, JsonSerializer.Serialize(report));
        // Rotating at every attempt sent the paused operations back to the process that is down: two failures each.
        Assert.Equal(0, report.Extra["operationsFailingBeyondOneRetry"]);
    }

    [Fact]
    public async Task A_mistyped_flag_stops_the_load_generator_with_a_non_zero_exit()
    {
        // The same process with correct flags succeeds, so the failure below is the parser's and nothing else.
        var help = await LoadGeneratorAsync("--help");
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("--Concurrency", help.Output);

        var mistyped = await LoadGeneratorAsync("--Mode", "trivial", "--Target", server.Address.ToString(), "--Duraton", "00:00:01");
        Assert.True(mistyped.ExitCode != 0, mistyped.Output);
        Assert.Contains("--Duraton", mistyped.Output);
        Assert.DoesNotContain("requests/s", mistyped.Output);

        var badValue = await LoadGeneratorAsync("--Mode", "trivial", "--Target", server.Address.ToString(), "--Duration", "soon");
        Assert.True(badValue.ExitCode != 0, badValue.Output);
        Assert.Contains("soon", badValue.Output);
    }

    private static async Task<(int ExitCode, string Output)> LoadGeneratorAsync(params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KpiMesh.LoadGen.dll"));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
