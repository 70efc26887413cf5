using KpiMesh.Domain.Programmes;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Targets;
using KpiMesh.Grains;
using KpiMesh.Grains.Services;

namespace KpiMesh.Server.Services;

/// <summary>Targets: the one in force for every series at a unit, and a unit's own target for its subtree (part of the programme).</summary>
public sealed class TargetService(SiloUnitDirectory directory, ProgrammeCache programmes, ProgrammeService changes, TimeProvider clock)
{
    /// <summary>Effective targets of every series that exists at a unit, and where each was set.</summary>
    public async Task<IReadOnlyList<EffectiveTarget>> GetTargetsAsync(string code)
    {
        await directory.RequireAsync(code);
        var view = await programmes.GetAsync();
        return directory.Read(d =>
        {
            var builder = new UnitReportBuilder(view.Programme, d, view.Programme.Today(clock.GetUtcNow()));
            return view.Programme.Catalog.All.Where(i => builder.Exists(code, i))
                .SelectMany(i => i.Series().Select(o => builder.TargetFor(code, i.Id, o)))
                .OfType<EffectiveTarget>().ToList();
        });
    }

    /// <summary>
    /// Sets a unit's target for one series of its subtree: a target of the programme scoped to the unit, judged with the
    /// whole programme (a province's is its own; below it, only stricter than the superior's). Returns why it was refused, or null.
    /// </summary>
    public async Task<string?> ChooseTargetAsync(string code, TargetSpec target)
    {
        await directory.RequireAsync(code);
        var result = await changes.SetTargetAsync(code, target);
        return result.Problems.Count > 0 ? string.Join("; ", result.Problems.Select(p => p.Message))
            : result.Conflict ? "the programme changed meanwhile; try again"
            : null;
    }
}
