namespace KpiMesh.Abstractions;

[GenerateSerializer, Immutable, Alias("kpimesh.HierarchyRowData")]
public sealed record HierarchyRowData(
    [property: Id(0)] int Line,
    [property: Id(1)] string Code,
    [property: Id(2)] string Name,
    [property: Id(3)] string Level,
    [property: Id(4)] string ParentCode);

[GenerateSerializer, Immutable, Alias("kpimesh.UnitEntry")]
public sealed record UnitEntry(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string Level,
    [property: Id(3)] string? ParentCode);

[GenerateSerializer, Immutable, Alias("kpimesh.ImportOutcome")]
public sealed record ImportOutcome(
    [property: Id(0)] int Added,
    [property: Id(1)] int Renamed,
    [property: Id(2)] int Unchanged,
    [property: Id(3)] int Version,
    [property: Id(4)] int ErrorLine,
    [property: Id(5)] string? Error);

/// <param name="Version">The hierarchy's version after these entries; ask again from here for more.</param>
[GenerateSerializer, Immutable, Alias("kpimesh.UnitEntryBatch")]
public sealed record UnitEntryBatch([property: Id(0)] UnitEntry[] Entries, [property: Id(1)] int Version, [property: Id(2)] bool More);

/// <summary>
/// The one authority on the hierarchy (key <see cref="Key"/>). Imports are judged and applied here, one at a time,
/// so two imports can never interleave; silos copy the result into their local directory by version.
/// </summary>
[Alias("kpimesh.IHierarchyGrain")]
public interface IHierarchyGrain : IGrainWithStringKey
{
    public const string Key = "hierarchy";

    [Alias("Import")]
    Task<ImportOutcome> Import(HierarchyRowData[] rows);

    /// <summary>Units added or renamed after <paramref name="version"/>, at most <paramref name="max"/> of them.</summary>
    [Alias("GetSince")]
    Task<UnitEntryBatch> GetSince(int version, int max);

    [Alias("GetVersion")]
    Task<int> GetVersion();
}
