using KpiMesh.Domain.Reports;

namespace KpiMesh.Grains.Services;

public sealed record UnitReport(
    string Code, string Name, string Level, string? Parent, int ChildCount, DateTimeOffset? AsOf, IReadOnlyList<IndicatorRow> Indicators);
