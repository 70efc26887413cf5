using KpiMesh.Abstractions;

namespace KpiMesh.Grains;

/// <summary>What the approval grain persists: every (unit, period)'s approval.</summary>
[GenerateSerializer, Alias("kpimesh.ApprovalBookState")]
public sealed class ApprovalBookState
{
    /// <summary>By <see cref="KeyOf"/>: a string key, so the state stores the same with any grain storage serializer.</summary>
    [Id(0)] public Dictionary<string, ApprovalEntry> Entries { get; set; } = [];

    public static string KeyOf(UnitPeriod key) => $"{key.Unit}|{key.Period}";
}
