using KpiMesh.Abstractions;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Targets;
using KpiMesh.Grains;
using KpiMesh.Grains.Services;
using KpiMesh.Server.Auth;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Services;

/// <summary>A series' projection at a unit, beside the status it has today.</summary>
public sealed record SeriesProjection(string Indicator, string? Option, TargetStatus? Status, Projection Projection);

/// <summary>A unit below another, with where one series is heading.</summary>
public sealed record ProjectedLaggard(string Code, string Name, IndicatorRow Row, Projection Projection);

/// <summary>A town whose red warning count rose since its previous period.</summary>
/// <param name="Path">The names between the unit asked about and the town (county, ...), for a reader who does not know every town.</param>
/// <param name="Since">When the rising count arrived.</param>
public sealed record TownAlert(string Code, string Name, IReadOnlyList<string> Path, long Count, long Previous, DateTimeOffset? Since);

/// <summary>
/// What the leaders' console shows beyond a unit's rows: projections from the daily history, laggards ranked by the
/// shortfall they are heading for, and the towns whose red warnings rose. The rules are the domain's
/// (<see cref="Projector"/>, <see cref="UnitReportBuilder"/>); this only gathers the grains' data for them.
/// </summary>
public sealed class ConsoleInsights(IGrainFactory grains, SiloUnitDirectory directory, ProgrammeCache programmes,
    UnitReportService reports, TimeProvider clock, IOptions<LimitOptions> limits)
{
    /// <summary>"Today" in the programme's time zone (Beijing time by default), as every day of the programme is.</summary>
    private DateOnly Today(ProgrammeView view) => view.Programme.Today(clock.GetUtcNow());

    /// <summary>Every series of the unit that has a target and enough history to project.</summary>
    public async Task<IReadOnlyList<SeriesProjection>> GetProjectionsAsync(string code)
    {
        var view = await programmes.GetAsync();
        var today = Today(view);
        var unitThenAncestors = directory.Read(d => d.Ancestors(code).Select(a => a.Code).Prepend(code).ToList());
        var series = view.Programme.Catalog.At(unitThenAncestors).Where(i => !i.IsCount)
            .SelectMany(i => i.Options.Select(o => (string?)o).Prepend(null).Select(o => (Indicator: i, Option: o))).ToList();
        var histories = await Task.WhenAll(series.Select(s =>
            reports.GetHistoryAsync(code, s.Indicator, s.Option, today.AddDays(-(Projector.PaceWindowDays - 1)), today)));
        return directory.Read(d =>
        {
            var builder = new UnitReportBuilder(view.Programme, d, today);
            return series.Select((s, i) =>
            {
                var history = histories[i];
                var projection = Projector.Project(builder.TargetFor(code, s.Indicator.Id, s.Option)?.Schedule,
                    history.Select(p => (p.Day, p.Row.Value)), today);
                return projection is null ? null : new SeriesProjection(s.Indicator.Id, s.Option, history.LastOrDefault().Row?.Status, projection);
            }).OfType<SeriesProjection>().ToList();
        });
    }

    /// <summary>
    /// The units of <paramref name="level"/> under <paramref name="code"/> ranked by the shortfall they are heading for
    /// (only levels that keep history can be projected); an error when the subtree holds too many of them.
    /// </summary>
    public async Task<(IReadOnlyList<ProjectedLaggard> Laggards, int Candidates, string? Error)> GetProjectedLaggardsAsync(
        string code, IndicatorDefinition indicator, string? option, UnitLevel level, int limit)
    {
        var candidates = directory.Read(d => d.Descendants(code, level).Take(limits.Value.LaggardCandidates + 1).ToList());
        if (candidates.Count > limits.Value.LaggardCandidates)
            return ([], candidates.Count, $"more than {limits.Value.LaggardCandidates} {level.ToWireName()} units under {code}: ask of a smaller subtree or a higher level");
        var view = await programmes.GetAsync();
        var today = Today(view);
        var histories = new IReadOnlyList<(DateOnly Day, IndicatorRow Row)>[candidates.Count];
        await Parallel.ForAsync(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            histories[i] = await reports.GetHistoryAsync(candidates[i].Code, indicator, option, today.AddDays(-(Projector.PaceWindowDays - 1)), today));
        var ranked = directory.Read(d =>
        {
            var builder = new UnitReportBuilder(view.Programme, d, today);
            return candidates.Select((u, i) =>
            {
                var history = histories[i];
                if (history.Count == 0) return null;
                var projection = Projector.Project(builder.TargetFor(u.Code, indicator.Id, option)?.Schedule, history.Select(p => (p.Day, p.Row.Value)), today);
                return projection is null ? null : new ProjectedLaggard(u.Code, u.Name, history[^1].Row, projection);
            }).OfType<ProjectedLaggard>()
            .Where(l => l.Projection.Shortfall > 0)
            .OrderByDescending(l => l.Projection.Shortfall).ThenBy(l => l.Code, StringComparer.Ordinal)
            .Take(limit).ToList();
        });
        return (ranked, candidates.Count, null);
    }

    /// <summary>
    /// The towns under <paramref name="code"/> (or the town itself) whose red count rose since their previous period,
    /// largest rise first: the unit's rolled-up summary (domain <see cref="AlertSummary"/>), so the nation answers
    /// as fast as a county. <c>Alerting</c> counts them all; the list holds the <see cref="AlertSummary.Kept"/> largest.
    /// </summary>
    public async Task<(IReadOnlyList<TownAlert> Alerts, int Alerting, int Towns)> GetAlertsAsync(string code)
    {
        var towns = directory.Read(d => d.CountInSubtree(code, UnitLevel.Town));
        var view = await programmes.GetAsync();
        // A programme without the three-colour warning has no alerts.
        if (view.Programme.Catalog.Find(AlertSummary.Series.Indicator) is null) return ([], 0, towns);
        var summary = (await grains.Unit(code).GetAlerts()).ToSummary();
        var alerts = directory.Read(d => summary.Top.Select(rise =>
        {
            var town = d.Find(rise.Code);
            var path = d.Ancestors(rise.Code).TakeWhile(a => a.Code != code).Reverse().Select(a => a.Name).ToList();
            return new TownAlert(rise.Code, town?.Name ?? rise.Code, path, rise.Count, rise.Previous, rise.Since);
        }).ToList());
        return (alerts, summary.Alerting, towns);
    }
}
