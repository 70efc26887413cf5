using KpiMesh.Abstractions;

namespace KpiMesh.Grains;

/// <summary>The hierarchy as an append-only log of unit entries; an entry's position is the version that added it.</summary>
[GenerateSerializer, Alias("kpimesh.HierarchyState")]
public sealed class HierarchyState
{
    [Id(0)] public List<UnitEntry> Entries { get; set; } = [];
}
