using KpiMesh.Domain.Reports;

namespace KpiMesh.Grains.Services;

public sealed record UnitSummary(string Code, string Name, string Level);

/// <param name="Ancestors">From the root down to the parent, for breadcrumbs.</param>
public sealed record UnitReport(
    string Code, string Name, string Level, string? Parent, int ChildCount, DateTimeOffset? AsOf, IReadOnlyList<IndicatorRow> Indicators,
    IReadOnlyList<UnitSummary> Ancestors);
