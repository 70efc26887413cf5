using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Reports;

namespace KpiMesh.Server.Services;

public sealed record UnitSummary(string Code, string Name, string Level)
{
    public static UnitSummary From(UnitRecord unit) => new(unit.Code, unit.Name, unit.Level.ToWireName());
}

/// <param name="Ancestors">From the root down to the parent, for breadcrumbs.</param>
public sealed record UnitReport(
    string Code, string Name, string Level, string? Parent, int ChildCount, DateTimeOffset? AsOf, IReadOnlyList<IndicatorRow> Indicators,
    IReadOnlyList<UnitSummary> Ancestors);
