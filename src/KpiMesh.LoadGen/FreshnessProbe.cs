using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace KpiMesh.LoadGen;

/// <summary>
/// Freshness: the time from an accepted submission to the top unit's rollup reflecting it, seen on the top unit's
/// live stream (SSE). The probe writes one series no other load touches (a county's literacy survey), so the top
/// unit's literacy numerator tells exactly when the probe's value has arrived.
/// </summary>
public sealed class FreshnessProbe(HttpClient http, string top, string county, TimeSpan every, Percentiles lag)
{
    public const string Indicator = "literacy_rate";
    private const long Surveyed = 1_000_000_000;
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(10);

    private long _topNumerator = -1;
    private readonly SemaphoreSlim _changed = new(0);

    public int TimedOut { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        var topStart = await LiteracyAsync($"/api/v1/units/{top}");
        var countyStart = await LiteracyAsync($"/api/v1/units/{county}");
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var reader = WatchAsync(watching.Token);
        try
        {
            for (var i = 1; !stop.IsCancellationRequested; i++)
            {
                var value = countyStart + i;
                var expected = topStart - countyStart + value;
                var body = $$"""{"submissions":[{"unit":"{{county}}","indicator":"{{Indicator}}","numerator":{{value}},"denominator":{{Surveyed}},"period":"2021"}]}""";
                using (var response = await http.PostAsync("/api/v1/submissions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), stop))
                    if (!response.IsSuccessStatusCode) continue;
                var acknowledged = Stopwatch.GetTimestamp();
                while (Interlocked.Read(ref _topNumerator) != expected)
                {
                    var left = GiveUp - Stopwatch.GetElapsedTime(acknowledged);
                    if (left <= TimeSpan.Zero || !await _changed.WaitAsync(left, stop)) break;
                }
                if (Interlocked.Read(ref _topNumerator) == expected) lag.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
                else TimedOut++;
                await Task.Delay(every, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        finally
        {
            await watching.CancelAsync();
            try { await reader; } catch (OperationCanceledException) { } catch (HttpRequestException) { } catch (IOException) { }
        }
    }

    private async Task<long> LiteracyAsync(string path)
    {
        using var unit = JsonDocument.Parse(await http.GetStringAsync(path));
        return Numerator(unit.RootElement);
    }

    private static long Numerator(JsonElement unit) => unit.GetProperty("indicators").EnumerateArray()
        .First(i => i.GetProperty("indicator").GetString() == Indicator && i.GetProperty("option").ValueKind == JsonValueKind.Null)
        .GetProperty("numerator").GetInt64();

    private async Task WatchAsync(CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/units/{top}/stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
        response.EnsureSuccessStatusCode();
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
        while (await lines.ReadLineAsync(stop) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
            using var unit = JsonDocument.Parse(line.AsMemory(5));
            Interlocked.Exchange(ref _topNumerator, Numerator(unit.RootElement));
            _changed.Release();
        }
    }
}
