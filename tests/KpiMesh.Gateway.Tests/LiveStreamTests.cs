using System.Net;
using System.Text.Json;
using KpiMesh.Grains;
using KpiMesh.Server.Live;
using Microsoft.Extensions.DependencyInjection;

namespace KpiMesh.Gateway.Tests;

/// <summary><c>GET /api/v1/units/{code}/stream</c>: Server-Sent Events of a unit's rollup.</summary>
public sealed class LiveStreamTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Bound = new RollupOptions().StalenessBound;

    [Fact]
    public async Task A_subscriber_gets_the_current_rollup_then_the_changed_one_within_the_staleness_bound()
    {
        using var stream = await SseStream.OpenAsync(server.Http, "/api/v1/units/1301/stream");
        var first = await stream.NextAsync(TimeSpan.FromSeconds(10));
        var before = VillageRooms(first);

        var response = await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [ { "unit": "130104001001", "indicator": "village_room_rate", "numerator": 1, "period": "2026-11", "id": "sse-1" } ] }
            """));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var submitted = DateTime.UtcNow; // the bound runs from acceptance (the ack) to visibility

        JsonElement update;
        do update = await stream.NextAsync(TimeSpan.FromSeconds(10));
        while (VillageRooms(update) == before);
        var took = DateTime.UtcNow - submitted;
        Assert.Equal(before + 1, VillageRooms(update));
        Assert.Equal("1301", update.GetProperty("code").GetString());
        Assert.True(took <= Bound, $"the change took {took.TotalMilliseconds:F0} ms to arrive, over the {Bound.TotalMilliseconds:F0} ms bound");
    }

    [Fact]
    public async Task Many_viewers_of_a_unit_share_one_feed_and_leaving_viewers_leak_nothing()
    {
        var feeds = server.Services.GetRequiredService<LiveUnitFeeds>();
        var subscriptionsBefore = feeds.GrainSubscriptions;
        var viewers = new List<SseStream>();
        for (var i = 0; i < 3; i++)
        {
            var viewer = await SseStream.OpenAsync(server.Http, "/api/v1/units/130102/stream");
            await viewer.NextAsync(TimeSpan.FromSeconds(10));
            viewers.Add(viewer);
        }
        Assert.Equal(3, feeds.ViewerCount("130102"));
        Assert.Equal(1, feeds.GrainSubscriptions - subscriptionsBefore); // three viewers, one subscription at the grain

        foreach (var viewer in viewers) viewer.Dispose();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (feeds.ViewerCount("130102") > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(0, feeds.ViewerCount("130102"));
        Assert.False(feeds.IsWatched("130102"));
    }

    [Theory]
    [InlineData("/api/v1/units/999999/stream", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/units/13%3Cscript%3E/stream", HttpStatusCode.BadRequest)]
    public async Task A_stream_of_a_bad_unit_is_a_problem_document(string path, HttpStatusCode status) =>
        await HttpAssert.ProblemAsync(await server.Http.GetAsync(path), status);

    private static long VillageRooms(JsonElement unit) =>
        unit.GetProperty("indicators").EnumerateArray().First(i => i.GetProperty("indicator").GetString() == "village_room_rate")
            .GetProperty("numerator").GetInt64();

    /// <summary>A minimal SSE reader: returns the data of each <c>rollup</c> event as JSON.</summary>
    internal sealed class SseStream : IDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;
        private readonly CancellationTokenSource _closed = new();

        private SseStream(HttpResponseMessage response, StreamReader reader) => (_response, _reader) = (response, reader);

        public static async Task<SseStream> OpenAsync(HttpClient http, string path)
        {
            var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return new SseStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        public async Task<JsonElement> NextAsync(TimeSpan timeout)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
            deadline.CancelAfter(timeout);
            string? eventType = null;
            while (await _reader.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal)) eventType = line[6..].Trim();
                else if (line.StartsWith("data:", StringComparison.Ordinal) && eventType == "rollup")
                    return JsonDocument.Parse(line[5..]).RootElement.Clone();
            }
            throw new EndOfStreamException("the event stream ended");
        }

        public void Dispose()
        {
            _closed.Cancel();
            _reader.Dispose();
            _response.Dispose();
        }
    }
}
