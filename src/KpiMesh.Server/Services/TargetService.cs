using KpiMesh.Abstractions;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Targets;
using KpiMesh.Grains;
using KpiMesh.Grains.Services;

namespace KpiMesh.Server.Services;

/// <summary>Targets: the one in force for every series at a unit, and a unit's own stricter target for its subtree.</summary>
public sealed class TargetService(IGrainFactory grains, SiloUnitDirectory directory, IndicatorCatalog catalog, TargetBookCache targets, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Effective targets of every series at a unit, and where each was set.</summary>
    public async Task<IReadOnlyList<EffectiveTarget>> GetTargetsAsync(string code)
    {
        await directory.RequireAsync(code);
        var book = await targets.GetAsync();
        return directory.Read(d =>
        {
            var builder = new UnitReportBuilder(catalog, d, Today, book);
            return catalog.All.SelectMany(i => i.Options.Select(o => (string?)o).Prepend(null).Select(o => builder.TargetFor(code, i.Id, o)))
                .OfType<EffectiveTarget>().ToList();
        });
    }

    /// <summary>Sets a unit's own target for its subtree; returns why it was refused, or null.</summary>
    public async Task<string?> ChooseTargetAsync(string code, TargetSchedule schedule)
    {
        if (TargetRules.Check(schedule, catalog) is { } malformed) return malformed;
        var ancestors = directory.Read(d => d.Ancestors(code).Select(a => a.Code).ToArray());
        var refused = await grains.GetGrain<ITargetsGrain>(ITargetsGrain.Key).Choose(ChosenTarget.From(code, schedule), ancestors);
        if (refused is null) await targets.RefreshAsync();
        return refused;
    }
}
