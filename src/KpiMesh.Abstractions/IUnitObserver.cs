using Orleans.Concurrency;

namespace KpiMesh.Abstractions;

/// <summary>Told each time a unit's rollup changes (at most once per flush interval).</summary>
[Alias("kpimesh.IUnitObserver")]
public interface IUnitObserver : IGrainObserver
{
    [OneWay, Alias("RollupChanged")]
    Task RollupChanged(string code, UnitTotals totals);
}
