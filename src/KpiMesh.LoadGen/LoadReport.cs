namespace KpiMesh.LoadGen;

/// <summary>What one run measured; written as JSON for the benchmark's table.</summary>
public sealed record LoadReport
{
    public required string Name { get; init; }
    public required string Mode { get; init; }
    public double Seconds { get; init; }
    public long Requests { get; init; }
    public long ValuesAccepted { get; init; }
    public long ValuesRejected { get; init; }
    public long FailedRequests { get; init; }
    public double ValuesPerSecond { get; init; }
    public double RequestsPerSecond { get; init; }
    public double? RequestP50Ms { get; init; }
    public double? RequestP99Ms { get; init; }
    public int FreshnessSamples { get; init; }
    public int FreshnessTimedOut { get; init; }
    public double? FreshnessP50Ms { get; init; }
    public double? FreshnessP99Ms { get; init; }
    public int Reads { get; init; }
    public double? ReadP50Ms { get; init; }
    public double? ReadP99Ms { get; init; }
    public Dictionary<string, double> Extra { get; init; } = [];

    /// <summary>What every kind of run measures alike: its requests and accepted values over its seconds, and their latencies.</summary>
    public static LoadReport Of(string name, string mode, double seconds, long requests, long accepted, Percentiles requestLatency, Percentiles readLatency) => new()
    {
        Name = name,
        Mode = mode,
        Seconds = Math.Round(seconds, 1),
        Requests = requests,
        ValuesAccepted = accepted,
        ValuesPerSecond = Math.Round(accepted / seconds),
        RequestsPerSecond = Math.Round(requests / seconds),
        RequestP50Ms = Round(requestLatency.At(0.5)),
        RequestP99Ms = Round(requestLatency.At(0.99)),
        Reads = readLatency.Count,
        ReadP50Ms = Round(readLatency.At(0.5)),
        ReadP99Ms = Round(readLatency.At(0.99)),
    };

    public static double? Round(double? milliseconds) => milliseconds is { } value ? Math.Round(value, 2) : null;
}
