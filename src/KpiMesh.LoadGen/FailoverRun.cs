using System.Diagnostics;
using System.Text.Json;

namespace KpiMesh.LoadGen;

/// <summary>
/// <c>--Mode failover</c> (bench/national.sh): a client of a cluster, as behind a load balancer. Submissions and
/// reads go round-robin over <c>--Targets</c>; a request that fails (no connection, 5xx) is retried on the next
/// target that has not failed it after <c>--RetryInterval</c>; a 429 waits its Retry-After and is counted as paused. It records, per operation, how many attempts failed before one succeeded,
/// so a rolling restart can be judged by "no operation failed for longer than one retry interval".
/// Stops after <c>--Values</c> accepted values, at <c>--Duration</c>, on Ctrl+C, or when <c>--StopFile</c> appears.
/// </summary>
public sealed class FailoverRun(LoadOptions options, TextWriter console)
{
    private readonly string[] _targets = options.Targets!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    private readonly long _values = options.Values;
    private readonly TimeSpan _retryInterval = options.RetryInterval;
    private readonly string? _stopFile = options.StopFile;
    private long _accepted, _operations, _retried, _maxFailedAttempts, _beyondOneRetry, _next, _pausedAttempts;
    private double _longestRecoveryMs, _pausedMs;
    private readonly Lock _lock = new();

    public async Task<LoadReport> RunAsync(string name, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, ConnectTimeout = TimeSpan.FromSeconds(2) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        if (options.ApiKey is not null) http.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);
        var sample = UnitSample.Load(options.Hierarchy);
        var generator = new SubmissionGenerator(sample, options.Seed);
        var writes = new Percentiles();
        var reads = new Percentiles();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);
        var watch = Stopwatch.StartNew();
        var tasks = new List<Task>();
        for (var w = 0; w < options.Concurrency; w++)
            tasks.Add(Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && (_values == 0 || Interlocked.Read(ref _accepted) < _values))
                {
                    var body = SubmissionGenerator.ToJson(generator.NextBatch(options.Batch));
                    var answer = await WithFailoverAsync(http, target => new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(target), "/api/v1/submissions"))
                        { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") }, writes, stop.Token);
                    if (answer is null) return;
                    using var json = JsonDocument.Parse(answer);
                    Interlocked.Add(ref _accepted, json.RootElement.GetProperty("accepted").GetInt32());
                }
                stop.Cancel(); // enough values: the readers stop too
            }));
        for (var r = 0; r < options.Readers; r++)
            tasks.Add(Task.Run(async () =>
            {
                var pause = TimeSpan.FromSeconds(options.Readers / (double)Math.Max(1, options.ReadRate));
                while (!stop.IsCancellationRequested)
                {
                    if (await WithFailoverAsync(http, target => new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(target), $"/api/v1/units/{sample.Top}")), reads, stop.Token) is null) return;
                    try { await Task.Delay(pause, stop.Token); } catch (OperationCanceledException) { return; }
                }
            }));
        var progress = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try { await Task.Delay(1000, stop.Token); } catch (OperationCanceledException) { return; }
                if (_stopFile is not null && File.Exists(_stopFile)) stop.Cancel();
                console.Write($"\r{watch.Elapsed.TotalSeconds,5:F0} s | {_accepted:N0} values | {_accepted / watch.Elapsed.TotalSeconds,8:N0} values/s | retried {_retried:N0} | beyond one retry {_beyondOneRetry:N0}   ");
            }
        });
        await Task.WhenAll(tasks);
        await progress;
        console.WriteLine();
        var seconds = watch.Elapsed.TotalSeconds;
        return LoadReport.Of(name, options.Mode, seconds, _operations, _accepted, writes, reads) with
        {
            Extra = new Dictionary<string, double>
            {
                ["retriedOperations"] = _retried,
                ["maxFailedAttempts"] = _maxFailedAttempts,
                ["operationsFailingBeyondOneRetry"] = _beyondOneRetry,
                ["longestRecoveryMs"] = Math.Round(_longestRecoveryMs),
                ["retryIntervalMs"] = _retryInterval.TotalMilliseconds,
                ["pausedAttempts"] = _pausedAttempts,
                ["pausedMs"] = Math.Round(_pausedMs),
            },
        };
    }

    /// <summary>
    /// The answer's body, after as many retries over the targets as it takes; null when stopped. A 429 (ingest paused
    /// while the recovery checkpoint catches up, Recovery:MaxLagRows, or a rate limit) is the service asking to wait,
    /// not failing: the attempt waits its Retry-After and is counted apart, as paused, not as a failed attempt.
    /// </summary>
    private async Task<string?> WithFailoverAsync(HttpClient http, Func<string, HttpRequestMessage> request, Percentiles latency, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        // The first attempt goes round-robin; a retry after a failure goes to the next process that has not failed this
        // operation yet (all of them again once each has), as a load balancer takes a dead endpoint out; a 429 is
        // retried where it was answered. Rotating at every attempt sent an operation paused by 429s back to the process
        // being restarted again and again: two or three failures of one operation, all at the same stopped process.
        var index = (int)(Interlocked.Increment(ref _next) % _targets.Length);
        var failedHere = new bool[_targets.Length];
        var pausedFor = TimeSpan.Zero;
        var reasons = new List<string>(); // one per failed attempt
        while (true)
        {
            var target = _targets[index];
            var attempt = Stopwatch.GetTimestamp();
            var pause = _retryInterval;
            var paused = false;
            try
            {
                using var message = request(target);
                using var response = await http.SendAsync(message, stop);
                var body = await response.Content.ReadAsStringAsync(stop);
                // Other 4xx are the client's fault and would fail again anywhere: only unavailability and 429 are retried.
                if ((int)response.StatusCode < 500 && (int)response.StatusCode != 429)
                {
                    latency.Add(Stopwatch.GetElapsedTime(attempt).TotalMilliseconds);
                    Record(Stopwatch.GetElapsedTime(started) - Stopwatch.GetElapsedTime(attempt) - pausedFor, reasons);
                    return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{target} answered {(int)response.StatusCode}: {body}");
                }
                if ((int)response.StatusCode == 429)
                {
                    paused = true;
                    pause = response.Headers.RetryAfter?.Delta ?? _retryInterval;
                }
                else reasons.Add($"{target} answered {(int)response.StatusCode} after {Stopwatch.GetElapsedTime(attempt).TotalSeconds:F1} s: {Shorten(body)}");
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return null; }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                reasons.Add($"{target} after {Stopwatch.GetElapsedTime(attempt).TotalSeconds:F1} s: {Shorten(error.Message)}");
            }
            if (paused)
            {
                Interlocked.Increment(ref _pausedAttempts);
                pausedFor += pause;
                lock (_lock) _pausedMs += pause.TotalMilliseconds;
            }
            else
            {
                failedHere[index] = true;
                if (failedHere.All(f => f)) Array.Clear(failedHere);
                do index = (index + 1) % _targets.Length; while (failedHere[index]);
            }
            try { await Task.Delay(pause, stop); } catch (OperationCanceledException) { return null; }
        }
    }

    private void Record(TimeSpan recovery, List<string> reasons)
    {
        var failedAttempts = reasons.Count;
        Interlocked.Increment(ref _operations);
        if (failedAttempts == 0) return;
        Interlocked.Increment(ref _retried);
        if (failedAttempts > 1) Interlocked.Increment(ref _beyondOneRetry);
        lock (_lock)
        {
            // What failed, so a run that misses "no operation beyond one retry" says why (the report keeps the counts).
            if (failedAttempts > 1) console.WriteLine($"\n{DateTime.UtcNow:HH:mm:ss} failed {failedAttempts} times: {string.Join(" | ", reasons)}");
            _maxFailedAttempts = Math.Max(_maxFailedAttempts, failedAttempts);
            _longestRecoveryMs = Math.Max(_longestRecoveryMs, recovery.TotalMilliseconds);
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
