using KpiMesh.Abstractions;

namespace KpiMesh.Grains;

/// <summary>What a rubric's index grain persists: one line per application, by unit and year.</summary>
[GenerateSerializer, Alias("kpimesh.ApplicationIndexState")]
public sealed class ApplicationIndexState
{
    [Id(0)] public Dictionary<string, ApplicationLine> Lines { get; set; } = new(StringComparer.Ordinal);
}
