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
}
