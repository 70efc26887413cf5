using KpiMesh.Abstractions;

namespace KpiMesh.Grains;

/// <summary>A child's latest contribution as stored: the version the rollup took and the cells as they arrived.</summary>
[GenerateSerializer, Alias("kpimesh.ChildState")]
public sealed record ChildState([property: Id(0)] long Version, [property: Id(1)] SeriesCell[] Cells);
