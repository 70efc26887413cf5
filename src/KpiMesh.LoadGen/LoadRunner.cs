using System.Diagnostics;
using System.Text.Json;

namespace KpiMesh.LoadGen;

/// <summary>Drives one run: submitting workers at a paced or unlimited rate, a freshness probe, readers, and a live progress line.</summary>
public sealed class LoadRunner(LoadOptions options, TextWriter console)
{
    private long _requests;
    private long _accepted;
    private long _rejected;
    private long _failed;
    private long _nextSlot;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _failures = new();

    public async Task<LoadReport> RunAsync(string name, CancellationToken cancellationToken = default)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(64, options.Concurrency + options.Readers + 4), PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(options.Target), Timeout = TimeSpan.FromSeconds(60) };
        if (options.ApiKey is not null) http.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);

        var requestLatency = new Percentiles();
        var readLatency = new Percentiles();
        var freshness = new Percentiles();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Everything is prepared first (the hierarchy parsed, the server's counters read), so the measured time is load only.
        var tasks = new List<Func<Task>>();
        FreshnessProbe? probe = null;

        if (options.Mode == "trivial")
            for (var w = 0; w < options.Concurrency; w++) tasks.Add(() => RequestLoopAsync(http, () => new HttpRequestMessage(HttpMethod.Get, "/health/live"), 0, requestLatency, stop.Token));
        else
        {
            var sample = UnitSample.Load(options.Hierarchy);
            var top = options.Top ?? sample.Top;
            if (options.Mode == "submit")
            {
                var generator = new SubmissionGenerator(sample, options.Seed);
                for (var w = 0; w < options.Concurrency; w++)
                    tasks.Add(() => RequestLoopAsync(http, () =>
                    {
                        var batch = generator.NextBatch(options.Batch);
                        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions")
                        {
                            Content = new StringContent(SubmissionGenerator.ToJson(batch), System.Text.Encoding.UTF8, "application/json"),
                        };
                    }, options.Batch, requestLatency, stop.Token));
                var probeCounty = sample.Directory.Descendants(top, Domain.Hierarchy.UnitLevel.County).First().Code;
                probe = new FreshnessProbe(http, top, probeCounty, options.ProbeEvery, freshness);
                tasks.Add(() => probe.RunAsync(stop.Token));
            }
            if (options.Readers > 0)
                tasks.Add(() => PacedReaders.RunAsync(options.Readers, options.ReadRate, s => Read(http, $"/api/v1/units/{top}", s), readLatency, stop.Token));
        }

        var metricsBefore = await ServerMetrics.ReadAsync(http);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var postgresBefore = PostgresCpu.Seconds(options.PostgresPid);
        stop.CancelAfter(options.Duration);
        var watch = Stopwatch.StartNew();
        var progress = ProgressAsync(watch, requestLatency, freshness, readLatency, stop.Token);
        await Task.WhenAll(tasks.Select(start => start()));
        await progress;
        console.WriteLine();
        var seconds = watch.Elapsed.TotalSeconds;
        // Failed requests by HTTP status (429: the server's per-principal rate limit) or "failedConnection", and what
        // the server and this generator spent: the report's "what limits it" is read from these.
        var extra = _failures.ToDictionary(f => f.Key, f => (double)f.Value);
        foreach (var (key, value) in (await ServerMetrics.ReadAsync(http)).Since(metricsBefore, seconds)) extra[key] = value;
        if (PostgresCpu.Seconds(options.PostgresPid) - postgresBefore is { } postgres) extra["postgresCpuCores"] = Math.Round(postgres / seconds, 2);
        extra["loadGeneratorCpuCores"] = Math.Round((Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds / seconds, 2);
        return LoadReport.Of(name, options.Mode, seconds, _requests, _accepted, requestLatency, readLatency) with
        {
            ValuesRejected = _rejected,
            FailedRequests = _failed,
            FreshnessSamples = freshness.Count,
            FreshnessTimedOut = probe?.TimedOut ?? 0,
            FreshnessP50Ms = LoadReport.Round(freshness.At(0.5)),
            FreshnessP99Ms = LoadReport.Round(freshness.At(0.99)),
            Extra = extra,
        };
    }

    private async Task RequestLoopAsync(HttpClient http, Func<HttpRequestMessage> next, int valuesPerRequest, Percentiles latency, CancellationToken stop)
    {
        // Paced: every request takes the next slot of a shared schedule, so the workers together keep the rate.
        var interval = options.Rate > 0 && valuesPerRequest > 0 ? Stopwatch.Frequency * valuesPerRequest / options.Rate : 0;
        if (interval > 0) Interlocked.CompareExchange(ref _nextSlot, Stopwatch.GetTimestamp(), 0);
        while (!stop.IsCancellationRequested)
        {
            var slot = 0L;
            if (interval > 0)
            {
                slot = Interlocked.Add(ref _nextSlot, interval);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), slot);
                if (wait > TimeSpan.Zero)
                {
                    try { await Task.Delay(wait, stop); } catch (OperationCanceledException) { return; }
                }
            }
            using var request = next();
            // Paced, a request is timed from its slot, not from when it could be sent: a stall that holds every worker
            // then shows as the latency of all the requests it delayed (no coordinated omission).
            var started = interval > 0 ? slot : Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request, stop);
                var body = await response.Content.ReadAsStringAsync(stop);
                latency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref _requests);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _failed);
                    _failures.AddOrUpdate($"failed{(int)response.StatusCode}", 1, (_, n) => n + 1);
                    // A rate limit or paused ingest (the checkpoint behind, Recovery:MaxLagRows) says how long to wait:
                    // a worker sending again at once would only collect refusals.
                    if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests && response.Headers.RetryAfter?.Delta is { } after)
                    {
                        try { await Task.Delay(after, stop); } catch (OperationCanceledException) { return; }
                    }
                    continue;
                }
                if (valuesPerRequest == 0) continue;
                using var answer = JsonDocument.Parse(body);
                Interlocked.Add(ref _accepted, answer.RootElement.GetProperty("accepted").GetInt32());
                Interlocked.Add(ref _rejected, answer.RootElement.GetProperty("rejected").GetArrayLength());
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref _failed);
                _failures.AddOrUpdate("failedConnection", 1, (_, n) => n + 1);
            }
        }
    }

    /// <summary>One read of <paramref name="path"/>, blocking (see <see cref="PacedReaders"/>); false when it failed.</summary>
    private static bool Read(HttpClient http, string path, CancellationToken stop)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            using var response = http.Send(request, HttpCompletionOption.ResponseContentRead, stop);
            response.Content.ReadAsStream(stop).CopyTo(Stream.Null);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException) { return false; }
    }

    private async Task ProgressAsync(Stopwatch watch, Percentiles requests, Percentiles freshness, Percentiles reads, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(1000, stop); } catch (OperationCanceledException) { return; }
            var seconds = watch.Elapsed.TotalSeconds;
            console.Write($"\r{seconds,5:F0} s | {_accepted / seconds,9:N0} values/s | {_requests / seconds,7:N0} req/s | request p99 {requests.RecentAt(0.99) ?? 0,7:F1} ms"
                + $" | rejected {_rejected:N0} failed {_failed:N0} | freshness p50 {freshness.RecentAt(0.5) ?? 0,6:F0} ms | read p99 {reads.RecentAt(0.99) ?? 0,6:F1} ms   ");
        }
    }
}
