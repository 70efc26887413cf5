using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KpiMesh.Abstractions;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Reports;
using KpiMesh.Grains.Services;
using Microsoft.Extensions.Options;

namespace KpiMesh.Grains.Telemetry;

/// <summary>
/// Rollup values, targets and completeness of the top levels as gauges, for dashboards. Only units at
/// <see cref="TelemetryOptions.RollupDepth"/> or above publish (nation to county by default: a few hundred units, never
/// the 600k villages). Each silo reports the units whose grains it hosts; a unit that moves stops on the old silo.
/// </summary>
public sealed class RollupGauges
{
    private readonly ConcurrentDictionary<string, UnitTotals> _units = new(StringComparer.Ordinal);
    private readonly SiloUnitDirectory _directory;
    private readonly ProgrammeCache _programmes;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private (DateTimeOffset At, List<(IndicatorRow Row, KeyValuePair<string, object?>[] Tags)> Rows) _snapshot = (DateTimeOffset.MinValue, []);

    public RollupGauges(IMeterFactory meters, IOptions<TelemetryOptions> options, SiloUnitDirectory directory, ProgrammeCache programmes,
        TimeProvider clock)
    {
        Depth = options.Value.RollupDepth;
        _directory = directory;
        _programmes = programmes;
        _clock = clock;
        var meter = meters.Create(KpiMeshMetrics.SourceName);
        meter.CreateObservableGauge("kpimesh.rollup.value", () => Measure(r => r.Value), description: "numerator / denominator of a rollup (a rate)");
        meter.CreateObservableGauge("kpimesh.rollup.target", () => Measure(r => r.Target?.Value), description: "the milestone in force today");
        meter.CreateObservableGauge("kpimesh.rollup.completeness", () => Measure(r => r.Completeness), description: "reported / expected units");
        meter.CreateObservableGauge("kpimesh.rollup.numerator", () => Measure(r => r.Numerator), description: "the rollup's numerator (the count, for count indicators)");
        meter.CreateObservableGauge("kpimesh.rollup.expected_units", () => Measure(r => r.ExpectedUnits), description: "units expected to report in the subtree");
        meter.CreateObservableGauge("kpimesh.rollup.reported_units", () => Measure(r => r.ReportedUnits), description: "units of the subtree that have reported");
        meter.CreateObservableGauge("kpimesh.rollup.units", () => _units.Count, description: "top-level units this silo publishes rollups for");
    }

    public UnitLevel Depth { get; }

    public bool Publishes(UnitLevel level) => level <= Depth;

    public void Publish(string unit, UnitTotals totals) => _units[unit] = totals;

    public void Withdraw(string unit) => _units.TryRemove(unit, out _);

    private IEnumerable<Measurement<double>> Measure(Func<IndicatorRow, double?> pick)
    {
        foreach (var (row, tags) in Snapshot())
            if (pick(row) is { } value) yield return new Measurement<double>(value, tags);
    }

    /// <summary>One build of every row per scrape (the seven gauges are read together).</summary>
    private List<(IndicatorRow Row, KeyValuePair<string, object?>[] Tags)> Snapshot()
    {
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            if (now - _snapshot.At < TimeSpan.FromSeconds(1)) return _snapshot.Rows;
            var view = _programmes.Current;
            var today = view.Programme.Today(now);
            var rows = _directory.Read(d =>
            {
                var builder = new UnitReportBuilder(view.Programme, d, today);
                var built = new List<(IndicatorRow, KeyValuePair<string, object?>[])>();
                foreach (var (code, totals) in _units)
                {
                    if (d.Find(code) is not { } unit) continue;
                    foreach (var row in builder.Build(code, SeriesCell.ToContribution(totals.Cells)))
                        built.Add((row, [
                            new("unit", code), new("name", unit.Name), new("level", unit.Level.ToWireName()), new("parent", unit.ParentCode ?? ""),
                            new("indicator", row.Indicator), new("option", row.Option ?? ""),
                        ]));
                }
                return built;
            });
            _snapshot = (now, rows);
            return rows;
        }
    }
}
