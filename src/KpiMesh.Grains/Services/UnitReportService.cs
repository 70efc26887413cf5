using KpiMesh.Abstractions;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Rollups;

namespace KpiMesh.Grains.Services;

/// <summary>Reads: a unit's report, and its children ranked by an indicator.</summary>
public sealed class UnitReportService(IGrainFactory grains, SiloUnitDirectory directory, IndicatorCatalog catalog, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Null when the unit does not exist (no grain is activated for it).</summary>
    public async Task<UnitReport?> GetAsync(string code)
    {
        if (await directory.FindAsync(code) is null) return null;
        return Build(code, await grains.GetGrain<IUnitGrain>(code).GetTotals());
    }

    /// <summary>A report from totals already in hand (a live notification), without asking the grain again.</summary>
    public UnitReport Build(string code, UnitTotals totals)
    {
        var changedAt = totals.ChangedAt
            .Select(p => (Key: ParseKey(p.Key), At: p.Value))
            .ToDictionary(p => p.Key, p => p.At);
        return directory.Read(d =>
        {
            var unit = d.Find(code) ?? throw new UnknownUnitException(code);
            var rows = new UnitReportBuilder(catalog, d, Today).Build(code, SeriesCell.ToContribution(totals.Cells), changedAt);
            var ancestors = d.Ancestors(code).Reverse().Select(Summary).ToList();
            return new UnitReport(unit.Code, unit.Name, unit.Level.ToWireName(), unit.ParentCode, d.ChildrenOf(code).Count, totals.AsOf, rows, ancestors);
        });
    }

    /// <summary>Units whose code starts with, or whose name contains, <paramref name="query"/>; higher levels first.</summary>
    public IReadOnlyList<UnitSummary> Search(string query, int limit) =>
        directory.Read(d => d.Units
            .Where(u => u.Code.StartsWith(query, StringComparison.Ordinal) || u.Name.Contains(query, StringComparison.Ordinal))
            .OrderBy(u => u.Level).ThenBy(u => u.Code, StringComparer.Ordinal)
            .Take(limit)
            .Select(Summary)
            .ToList());

    private static UnitSummary Summary(UnitRecord unit) => new(unit.Code, unit.Name, unit.Level.ToWireName());

    /// <summary>The direct children with one series, ranked; null when the unit does not exist.</summary>
    public async Task<IReadOnlyList<RankedChild>?> GetChildrenAsync(
        string code, IndicatorDefinition indicator, string? option, bool descending, int limit)
    {
        if (await directory.FindAsync(code) is null) return null;
        var held = (await grains.GetGrain<IUnitGrain>(code).GetChildTotals())
            .ToDictionary(c => c.Code, c => SeriesCell.ToContribution(c.Cells), StringComparer.Ordinal);
        var children = directory.Read(d =>
        {
            var builder = new UnitReportBuilder(catalog, d, Today);
            return d.ChildrenOf(code).Select(childCode =>
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
