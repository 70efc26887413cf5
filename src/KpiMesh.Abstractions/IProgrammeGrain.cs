namespace KpiMesh.Abstractions;

[GenerateSerializer, Immutable, Alias("kpimesh.AttributeData")]
public sealed record AttributeData(string Code, string Attribute, int Year, long Value);

/// <summary>The programme document in force (null: the shipped default) and the unit attributes, each with its version.</summary>
[GenerateSerializer, Immutable, Alias("kpimesh.ProgrammeSnapshot")]
public sealed record ProgrammeSnapshot(
    int Version, string? Document, int AttributesVersion, AttributeData[] Attributes);

/// <param name="Version">The programme's version after the change (unchanged when refused).</param>
/// <param name="Conflict">Another change was applied since the caller read version <c>expectedVersion</c>.</param>
/// <param name="Problems">JSON path and message of each problem; empty when applied.</param>
[GenerateSerializer, Immutable, Alias("kpimesh.ProgrammeOutcome")]
public sealed record ProgrammeOutcome(int Version, bool Conflict, ProblemData[] Problems);

[GenerateSerializer, Immutable, Alias("kpimesh.ProblemData")]
public sealed record ProblemData(string Path, string Message);

/// <summary>
/// The single writer of the programme and of the unit attributes (key <see cref="Key"/>): changed rarely, read by
/// every silo's cache. Each change is judged whole against the hierarchy and applied whole, or refused.
/// </summary>
[Alias("kpimesh.IProgrammeGrain")]
public interface IProgrammeGrain : IGrainWithStringKey
{
    public const string Key = "programme";

    /// <summary>The snapshot, or null when the caller already holds both versions.</summary>
    [Alias("GetIfNewer")]
    Task<ProgrammeSnapshot?> GetIfNewer(int version, int attributesVersion);

    /// <summary>Replaces the programme with <paramref name="document"/> if the version in force is still <paramref name="expectedVersion"/>.</summary>
    [Alias("Replace")]
    Task<ProgrammeOutcome> Replace(string document, int expectedVersion);

    /// <summary>Adds or replaces attributes from a CSV <c>code,attribute,year,value</c>; returns the problems (nothing applied) or none.</summary>
    [Alias("AddAttributes")]
    Task<string[]> AddAttributes(string csv);
}
