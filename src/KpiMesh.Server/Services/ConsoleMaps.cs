using System.Collections.Concurrent;
using System.Text.Json;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Maps;
using KpiMesh.Grains;
using Microsoft.Extensions.FileProviders;

namespace KpiMesh.Server.Services;

/// <summary>The map of a unit's children: which embedded boundary file draws them, and which polygon is which child.</summary>
/// <param name="Map">The console's path of the boundary file (<c>maps/1301.json</c>); null when there is none for this unit.</param>
/// <param name="Areas">Polygon name -> the child it draws.</param>
/// <param name="Unmatched">Children no polygon draws (development zones): shown in the tables only.</param>
public sealed record UnitMap(string? Map, IReadOnlyList<(string Boundary, UnitRecord Unit)> Areas, IReadOnlyList<UnitRecord> Unmatched);

/// <summary>
/// Reads the boundary files embedded with the console (built from npm packages, see client/build-assets.mjs) and
/// matches their polygons to the hierarchy with the domain's <see cref="BoundaryMatcher"/>. Files are parsed once.
/// </summary>
public sealed class ConsoleMaps(SiloUnitDirectory directory)
{
    private readonly IFileProvider _files = new ManifestEmbeddedFileProvider(typeof(ConsoleMaps).Assembly, "wwwroot");
    private readonly ConcurrentDictionary<string, IReadOnlyList<Boundary>?> _boundaries = new(StringComparer.Ordinal);

    public UnitMap Get(string code)
    {
        var children = directory.Read(d => d.ChildrenOf(code).Select(c => d.Find(c)!).Where(u => u.Level.IsAdministrative()).ToList());
        var path = $"maps/{code}.json";
        if (_boundaries.GetOrAdd(code, _ => Read(path)) is not { } boundaries) return new UnitMap(null, [], children);
        var match = BoundaryMatcher.Match(boundaries, children.Select(c => (c.Code, c.Name)));
        var byCode = children.ToDictionary(c => c.Code, StringComparer.Ordinal);
        return new UnitMap(path, match.UnitByBoundary.Select(p => (p.Key, byCode[p.Value])).ToList(),
            match.Unmatched.Select(c => byCode[c]).ToList());
    }

    private IReadOnlyList<Boundary>? Read(string path)
    {
        var file = _files.GetFileInfo(path);
        if (!file.Exists) return null;
        using var stream = file.CreateReadStream();
        using var json = JsonDocument.Parse(stream);
        return json.RootElement.GetProperty("features").EnumerateArray().Select(f => new Boundary(
            f.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
            f.GetProperty("properties").GetProperty("name").GetString() ?? "")).ToList();
    }
}
