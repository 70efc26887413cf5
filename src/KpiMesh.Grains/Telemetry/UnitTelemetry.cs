using KpiMesh.Abstractions;
using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Grains.Telemetry;

/// <summary>
/// What a unit grain tells the metrics: how long a change took to reach it and its totals for the gauges, both only at
/// the levels that publish (<see cref="TelemetryOptions.RollupDepth"/>), so the many low units cost nothing here.
/// </summary>
public sealed class UnitTelemetry(KpiMeshMetrics metrics, RollupGauges gauges, TimeProvider clock)
{
    /// <summary>A change applied below at <paramref name="oldestChange"/> is visible at <paramref name="unit"/> from now on.</summary>
    public void Arrived(UnitRecord unit, DateTimeOffset oldestChange)
    {
        if (gauges.Publishes(unit.Level)) metrics.PropagationLag(unit.Level, clock.GetUtcNow() - oldestChange);
    }

    /// <summary>The unit reported its totals upwards: the gauges show them (built only where they are published).</summary>
    public void Reported(UnitRecord unit, Func<UnitTotals> totals)
    {
        if (gauges.Publishes(unit.Level)) gauges.Publish(unit.Code, totals());
    }

    /// <summary>The unit's grain leaves this silo: the silo where it lands next publishes it.</summary>
    public void Left(string code) => gauges.Withdraw(code);
}
