namespace KpiMesh.Grains;

/// <summary>A grain was asked about a code the hierarchy does not hold.</summary>
[GenerateSerializer, Alias("kpimesh.UnknownUnitException")]
public sealed class UnknownUnitException(string code) : Exception($"unknown unit {code}")
{
    [Id(0)] public string Code { get; } = code;
}
