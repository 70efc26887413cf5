using KpiMesh.Abstractions;

namespace KpiMesh.Grains;

/// <summary>
/// A child's latest contribution as stored: the version the rollup took, the cells and the alert summary as they
/// arrived (null in state written before alerts rolled up: the child's next report brings it).
/// </summary>
[GenerateSerializer, Alias("kpimesh.ChildState")]
public sealed record ChildState([property: Id(0)] long Version, [property: Id(1)] SeriesCell[] Cells, [property: Id(2)] AlertSummaryData? Alerts = null);
