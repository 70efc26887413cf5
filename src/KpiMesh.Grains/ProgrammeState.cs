using KpiMesh.Abstractions;

namespace KpiMesh.Grains;

/// <summary>What the programme grain persists: the document in force and the unit attributes, each with its version.</summary>
[GenerateSerializer, Alias("kpimesh.ProgrammeState")]
public sealed class ProgrammeState
{
    /// <summary>The document in force as JSON; null until one is loaded (the shipped default runs).</summary>
    [Id(0)] public string? Document { get; set; }
    [Id(1)] public int Version { get; set; }
    [Id(2)] public List<AttributeData> Attributes { get; set; } = [];
    [Id(3)] public int AttributesVersion { get; set; }
}
