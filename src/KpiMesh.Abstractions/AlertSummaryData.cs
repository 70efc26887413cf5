using KpiMesh.Domain.Rollups;

namespace KpiMesh.Abstractions;

/// <summary>The wire form of a <see cref="TownRise"/>.</summary>
[GenerateSerializer, Immutable, Alias("kpimesh.TownRiseData")]
public sealed record TownRiseData(string Code, long Count, long Previous, DateTimeOffset? Since);

/// <summary>The wire form of an <see cref="AlertSummary"/>: a unit's rising red warnings, sent upwards beside its totals.</summary>
[GenerateSerializer, Immutable, Alias("kpimesh.AlertSummaryData")]
public sealed record AlertSummaryData(int Alerting, TownRiseData[] Top)
{
    public static AlertSummaryData Empty { get; } = new(0, []);

    public static AlertSummaryData From(AlertSummary summary) => summary.Alerting == 0 ? Empty
        : new(summary.Alerting, summary.Top.Select(r => new TownRiseData(r.Code, r.Count, r.Previous, r.Since)).ToArray());

    public AlertSummary ToSummary() => Alerting == 0 ? AlertSummary.Empty
        : new(Alerting, Top.Select(r => new TownRise(r.Code, r.Count, r.Previous, r.Since)).ToList());
}
