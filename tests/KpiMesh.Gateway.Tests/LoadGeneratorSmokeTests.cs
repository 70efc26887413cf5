using System.Text.Json;
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
    public async Task The_peer_upserts_the_same_submissions_and_times_its_rollup_query()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = Options("peer");
        options.Postgres = database.ConnectionString;
        options.Duration = TimeSpan.FromSeconds(2);
        var report = await new PeerBenchmark(options, new StringWriter()).RunAsync("peer");
        output.WriteLine(JsonSerializer.Serialize(report));
        Assert.True(report.ValuesAccepted > 0 && report.Extra["rollupP50Ms"] > 0);
        // Latest value per series: the four villages, two towns x 4 series, two counties' awareness.
        Assert.Equal(4 + 2 * 4 + 2, report.Extra["rows"]);
    }
}
