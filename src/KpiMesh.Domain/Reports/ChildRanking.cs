namespace KpiMesh.Domain.Reports;

public sealed record RankedChild(string Code, string Name, string Level, IndicatorRow Row);

/// <summary>Orders children for drill-down and league tables. Children with no value sort last either way.</summary>
public static class ChildRanking
{
    public static IReadOnlyList<RankedChild> Rank(IEnumerable<RankedChild> children, bool descending, int limit)
    {
        var all = children.ToList();
        var withValue = all.Where(c => c.Row.Value is not null);
        var ordered = descending
            ? withValue.OrderByDescending(c => c.Row.Value).ThenBy(c => c.Code, StringComparer.Ordinal)
            : withValue.OrderBy(c => c.Row.Value).ThenBy(c => c.Code, StringComparer.Ordinal);
        var withoutValue = all.Where(c => c.Row.Value is null).OrderBy(c => c.Code, StringComparer.Ordinal);
        return ordered.Concat(withoutValue).Take(limit).ToList();
    }
}
