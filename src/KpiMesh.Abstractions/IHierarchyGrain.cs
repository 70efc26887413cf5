namespace KpiMesh.Abstractions;

[GenerateSerializer, Immutable, Alias("kpimesh.HierarchyRowData")]
public sealed record HierarchyRowData(int Line, string Code, string Name, string Level, string ParentCode);

[GenerateSerializer, Immutable, Alias("kpimesh.UnitEntry")]
public sealed record UnitEntry(string Code, string Name, string Level, string? ParentCode);

[GenerateSerializer, Immutable, Alias("kpimesh.ImportOutcome")]
public sealed record ImportOutcome(int Added, int Renamed, int Unchanged, int Version, int ErrorLine, string? Error);

/// <param name="Version">The hierarchy's version after these entries; ask again from here for more.</param>
[GenerateSerializer, Immutable, Alias("kpimesh.UnitEntryBatch")]
public sealed record UnitEntryBatch(UnitEntry[] Entries, int Version, bool More);

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
