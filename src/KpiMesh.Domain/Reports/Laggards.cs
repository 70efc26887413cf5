namespace KpiMesh.Domain.Reports;

/// <param name="Gap">How far below the target that applies today (0 when met; null when there is no value or target).</param>
public sealed record Laggard(string Code, string Name, IndicatorRow Row, double? Gap);

/// <summary>Who is holding a subtree back: the units furthest below target, and those that report least.</summary>
public static class Laggards
{
    /// <summary>Furthest below target first; units with nothing reported are left to <see cref="LeastComplete"/>.</summary>
    public static IReadOnlyList<Laggard> BelowTarget(IEnumerable<(string Code, string Name, IndicatorRow Row)> units, int limit) =>
        units.Select(u => new Laggard(u.Code, u.Name, u.Row, Gap(u.Row)))
            .Where(l => l.Gap > 0)
            .OrderByDescending(l => l.Gap).ThenBy(l => l.Code, StringComparer.Ordinal)
            .Take(limit).ToList();

    /// <summary>Lowest reporting completeness first (units expected to report that have not).</summary>
    public static IReadOnlyList<Laggard> LeastComplete(IEnumerable<(string Code, string Name, IndicatorRow Row)> units, int limit) =>
        units.Where(u => u.Row.Completeness is < 1)
            .OrderBy(u => u.Row.Completeness).ThenBy(u => u.Code, StringComparer.Ordinal)
            .Take(limit)
            .Select(u => new Laggard(u.Code, u.Name, u.Row, Gap(u.Row))).ToList();

    private static double? Gap(IndicatorRow row) =>
        row.Value is { } value && row.Target is { } target ? Math.Max(0, target.Value - value) : null;
}
