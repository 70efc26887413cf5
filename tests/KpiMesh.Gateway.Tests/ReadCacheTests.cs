using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using KpiMesh.Grains;
using KpiMesh.Server.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// <c>GET /api/v1/units/{code}</c> is answered from the gateway's copy of the unit's totals. Whatever the load, no
/// read may show the unit older than <see cref="RollupOptions.ReadMaxAge"/>: every value acknowledged more than that
/// before a read started must be in it.
/// </summary>
public sealed class ReadCacheTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Town = "130104001";

    [Fact]
    public async Task No_read_shows_a_unit_older_than_the_read_bound_while_it_changes()
    {
        var maxAge = server.Services.GetRequiredService<IOptions<RollupOptions>>().Value.ReadMaxAge;
        var cache = server.Services.GetRequiredService<UnitReadCache>();
        var hitsBefore = cache.Hits;
        var acks = new ConcurrentQueue<(DateTime At, long Count)>();
        var reads = new ConcurrentQueue<(DateTime Started, long Count)>();
        using var stop = new CancellationTokenSource();

        // One writer raises the town's red warning count 1, 2, 3... for one period (the later submission wins).
        var writer = Task.Run(async () =>
        {
            for (var count = 1L; !stop.IsCancellationRequested; count++)
            {
                var response = await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json($$"""
                    { "submissions": [ { "unit": "{{Town}}", "indicator": "warning_cases", "option": "red", "numerator": {{count}}, "period": "2026-10" } ] }
                    """));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                acks.Enqueue((DateTime.UtcNow, count));
                await Task.Delay(Random.Shared.Next(0, 30));
            }
        });
        // Three readers, each on its own connection.
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            using var http = server.Client(server.AdminKey);
            while (!stop.IsCancellationRequested)
            {
                var started = DateTime.UtcNow;
                using var unit = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/units/{Town}"));
                reads.Enqueue((started, RedCount(unit.RootElement)));
                await Task.Delay(20); // under the per-principal rate limit, with the writer
            }
        })).ToList();
        // At least 6 s, and long enough for enough of both on a busy machine.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((clock.Elapsed < TimeSpan.FromSeconds(6) || acks.Count < 30 || reads.Count < 100) && clock.Elapsed < TimeSpan.FromSeconds(90))
            await Task.Delay(100);
        stop.Cancel();
        await Task.WhenAll([writer, .. readers]);

        var acknowledged = acks.ToArray();
        Assert.True(acknowledged.Length > 20, $"only {acknowledged.Length} submissions were made");
        Assert.True(reads.Count > 50, $"only {reads.Count} reads were made");
        var stale = reads.Where(read =>
        {
            var mustShow = acknowledged.Where(a => a.At < read.Started - maxAge).Select(a => a.Count).DefaultIfEmpty(0).Max();
            return read.Count < mustShow;
        }).ToList();
        Assert.True(stale.Count == 0, $"{stale.Count} of {reads.Count} reads showed a count older than {maxAge.TotalMilliseconds} ms, e.g. {stale.FirstOrDefault()}");
        // The property must hold for reads served from the copy, not only for reads that asked the grain.
        Assert.True(cache.Hits - hitsBefore > 0, "no read was answered from the gateway's copy");
        Assert.Equal(acknowledged[^1].Count, await EventuallyAsync());
    }

    private async Task<long> EventuallyAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        using var unit = JsonDocument.Parse(await server.Http.GetStringAsync($"/api/v1/units/{Town}"));
        return RedCount(unit.RootElement);
    }

    private static long RedCount(JsonElement unit) =>
        unit.GetProperty("indicators").EnumerateArray()
            .FirstOrDefault(i => i.GetProperty("indicator").GetString() == "warning_cases" && i.GetProperty("option").GetString() == "red") is { ValueKind: JsonValueKind.Object } row
            ? row.GetProperty("numerator").GetInt64() : 0;
}

/// <summary>Only a unit read is answered on the I/O thread; everything else moves to the thread pool (ReadScheduling).</summary>
public sealed class ReadSchedulingTests
{
    [Theory]
    [InlineData("GET", "/api/v1/units/13", true)]
    [InlineData("GET", "/api/v1/units/130102001001", true)]
    [InlineData("GET", "/api/v1/units/13/children", false)]
    [InlineData("GET", "/api/v1/units/13/stream", false)]
    [InlineData("GET", "/api/v1/units/", false)]
    [InlineData("GET", "/api/v1/units", false)]
    [InlineData("POST", "/api/v1/units/13", false)]
    [InlineData("POST", "/api/v1/submissions", false)]
    [InlineData("GET", "/", false)]
    public void Only_unit_reads_stay_on_the_io_thread(string method, string path, bool inline)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        Assert.Equal(inline, KpiMesh.Server.Hosting.ReadScheduling.IsUnitRead(context.Request));
    }
}
