using KpiMesh.Abstractions;
using KpiMesh.Grains;
using KpiMesh.Grains.Services;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Rollups;
using KpiMesh.Server.Auth;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Services;

/// <summary>
/// Reads: a unit's report, its children ranked by an indicator, its laggards and its history. Callers pass units that
/// exist (the API's <c>RouteUnit</c>); a code the directory does not hold throws <see cref="UnknownUnitException"/>.
/// </summary>
public sealed class UnitReportService(
    IGrainFactory grains, SiloUnitDirectory directory, ProgrammeCache programmes, TimeProvider clock, IOptions<LimitOptions> limits)
{

    /// <summary>The builder of rows under the programme in force, judged on its local "today".</summary>
    private static UnitReportBuilder Builder(ProgrammeView view, UnitDirectory d, DateTimeOffset now) =>
        new(view.Programme, d, view.Programme.Today(now));

    public async Task<UnitReport> GetAsync(string code)
    {
        await directory.RequireAsync(code);
        await programmes.GetAsync();
        return Build(code, await grains.Unit(code).GetTotals());
    }

    /// <summary>A report from totals already in hand (a live notification), without asking the grain again; the programme as last fetched.</summary>
    public UnitReport Build(string code, UnitTotals totals)
    {
        var changedAt = totals.ChangedAt
            .Select(p => (Key: ParseKey(p.Key), At: p.Value))
            .ToDictionary(p => p.Key, p => p.At);
        return directory.Read(d =>
        {
            var unit = d.Find(code) ?? throw new UnknownUnitException(code);
            var rows = Builder(programmes.Current, d, clock.GetUtcNow()).Build(code, SeriesCell.ToContribution(totals.Cells), changedAt);
            var ancestors = d.Ancestors(code).Reverse().Select(UnitSummary.From).ToList();
            return new UnitReport(unit.Code, unit.Name, unit.Level.ToWireName(), unit.ParentCode, d.ChildrenOf(code).Count, totals.AsOf, rows, ancestors);
        });
    }

    /// <summary>
    /// The units of <paramref name="level"/> under <paramref name="code"/> furthest below target, and those reporting
    /// least; an error when the subtree holds more than <see cref="LimitOptions.LaggardCandidates"/>.
    /// </summary>
    public async Task<(IReadOnlyList<Laggard> BelowTarget, IReadOnlyList<Laggard> LeastComplete, int Candidates, string? Error)> GetLaggardsAsync(
        string code, IndicatorDefinition indicator, string? option, UnitLevel level, int limit)
    {
        await directory.RequireAsync(code);
        var most = limits.Value.LaggardCandidates;
        var candidates = directory.Read(d => d.Descendants(code, level).Take(most + 1).ToList());
        if (candidates.Count > most)
            return ([], [], candidates.Count, $"more than {most} {level.ToWireName()} units under {code}: ask of a smaller subtree or a higher level");
        var view = await programmes.GetAsync();
        var totals = new UnitTotals[candidates.Count];
        await Parallel.ForAsync(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, _) => totals[i] = await grains.Unit(candidates[i].Code).GetTotals());
        var rows = directory.Read(d =>
        {
            var builder = Builder(view, d, clock.GetUtcNow());
            return candidates.Select((u, i) => (u.Code, u.Name, builder.BuildOne(u.Code, indicator, option, SeriesCell.ToContribution(totals[i].Cells))))
                .Where(u => builder.Exists(u.Code, indicator)).ToList();
        });
        return (Laggards.BelowTarget(rows, limit), Laggards.LeastComplete(rows, limit), candidates.Count, null);
    }

    /// <summary>
    /// A series at the end of each day, as report rows (value, completeness, target and status of that day).
    /// Coverage denominators use today's hierarchy, and the programme in force today; per-population denominators the
    /// attributes of each day's year.
    /// </summary>
    public async Task<IReadOnlyList<(DateOnly Day, IndicatorRow Row)>> GetHistoryAsync(
        string code, IndicatorDefinition indicator, string? option, DateOnly from, DateOnly to)
    {
        await directory.RequireAsync(code);
        var view = await programmes.GetAsync();
        var points = await grains.Unit(code).GetHistory(indicator.Id, option, from, to);
        return directory.Read(d => points.Select(p =>
        {
            var cell = new Dictionary<RollupKey, RollupCell> { [new RollupKey(indicator.Id, option)] = new(p.Numerator, p.Denominator, p.Reported) };
            return (p.Day, new UnitReportBuilder(view.Programme, d, p.Day).BuildOne(code, indicator, option, new Contribution(cell)));
        }).ToList());
    }

    /// <summary>
    /// The direct children with one series, ranked. <paramref name="childTotals"/> are what the unit holds from its
    /// children, when the caller has them already (a gateway's cached copy).
    /// </summary>
    public async Task<IReadOnlyList<RankedChild>> GetChildrenAsync(
        string code, IndicatorDefinition indicator, string? option, bool descending, int limit, ChildTotals[]? childTotals = null)
    {
        await directory.RequireAsync(code);
        var view = await programmes.GetAsync();
        var held = (childTotals ?? await grains.Unit(code).GetChildTotals())
            .ToDictionary(c => c.Code, c => SeriesCell.ToContribution(c.Cells), StringComparer.Ordinal);
        var children = directory.Read(d =>
        {
            var builder = Builder(view, d, clock.GetUtcNow());
            // A child outside an indicator's scope (a sibling of the city that defined it) does not have it.
            return d.ChildrenOf(code).Where(childCode => builder.Exists(childCode, indicator)).Select(childCode =>
            {
                var child = d.Find(childCode)!;
                var row = builder.BuildOne(childCode, indicator, option, held.GetValueOrDefault(childCode) ?? Contribution.Empty);
                return new RankedChild(child.Code, child.Name, child.Level.ToWireName(), row);
            }).ToList();
        });
        return ChildRanking.Rank(children, descending, limit);
    }

    private static RollupKey ParseKey(string text)
    {
        var slash = text.IndexOf('/');
        return slash < 0 ? new RollupKey(text, null) : new RollupKey(text[..slash], text[(slash + 1)..]);
    }
}
