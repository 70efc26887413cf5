using KpiMesh.Abstractions;

namespace KpiMesh.Grains;

/// <summary>What an application grain persists: its one application, null until the first self-check.</summary>
[GenerateSerializer, Alias("kpimesh.ApplicationState")]
public sealed class ApplicationState
{
    [Id(0)] public ApplicationRecord? Application { get; set; }
}
