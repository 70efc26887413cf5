using System.Diagnostics;
using System.Diagnostics.Metrics;
using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Grains.Telemetry;

/// <summary>
/// The domain's own instruments (meter <see cref="SourceName"/>): what was accepted and rejected, how long a change
/// takes to reach the top levels, how long the submission log takes to write, and how far the checkpoint trails it.
/// </summary>
public sealed class KpiMeshMetrics
{
    /// <summary>The one name of the domain's meter and of its activity source, for the exporters to subscribe to.</summary>
    public const string SourceName = "KpiMesh";

    public static readonly ActivitySource Activities = new(SourceName);

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _lag;
    private readonly Histogram<double> _logAppend;
    private readonly Meter _meter;

    public KpiMeshMetrics(IMeterFactory meters)
    {
        var meter = _meter = meters.Create(SourceName);
        _accepted = meter.CreateCounter<long>("kpimesh.submissions.accepted", "{submission}", "Submissions accepted (logged), by county");
        _rejected = meter.CreateCounter<long>("kpimesh.submissions.rejected", "{submission}", "Submissions refused, by reason");
        _lag = meter.CreateHistogram<double>("kpimesh.propagation.lag", "s",
            "From a unit applying a change to the change reaching an ancestor's rollup, by the ancestor's level",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5, 10] });
        _logAppend = meter.CreateHistogram<double>("kpimesh.log.append.duration", "s", "Writing one batch to the submission log",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 3] });
    }

    /// <param name="county">The county the unit belongs to; "-" for units above the counties.</param>
    public void Accepted(string county, long count) => _accepted.Add(count, new KeyValuePair<string, object?>("county", county));

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void PropagationLag(UnitLevel reachedLevel, TimeSpan lag) =>
        _lag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("level", reachedLevel.ToWireName()));

    public void LogAppended(TimeSpan took) => _logAppend.Record(took.TotalSeconds);

    /// <summary>The rows a cold start would replay now; submissions pause above Recovery:MaxLagRows (durable mode).</summary>
    public void ObserveCheckpointLag(Func<long> rows) =>
        _meter.CreateObservableGauge("kpimesh.checkpoint.lag", rows, "{row}", "Submission log rows above the recovery checkpoint, as this process knows them");
}
