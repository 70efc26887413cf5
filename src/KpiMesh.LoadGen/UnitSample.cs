using System.IO.Compression;
using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.LoadGen;

/// <summary>The loaded hierarchy, as the load generator needs it: counties with the units under them, by level.</summary>
public sealed class UnitSample
{
    public required UnitDirectory Directory { get; init; }
    public required IReadOnlyList<UnitRecord> Counties { get; init; }
    public required string Top { get; init; }

    public static UnitSample Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var text = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new StreamReader(new GZipStream(stream, CompressionMode.Decompress)) : new StreamReader(stream);
        var parsed = HierarchyCsv.Parse(text);
        if (parsed.Error is { } error) throw new InvalidDataException($"{path}: line {error.Line}: {error.Message}");
        var directory = new UnitDirectory();
        directory.Apply(parsed.Rows.Select(r => new UnitRecord(r.Code, r.Name, UnitLevels.TryParse(r.Level, out var level) ? level : UnitLevel.Village,
            string.IsNullOrEmpty(r.ParentCode) ? null : r.ParentCode)));
        var counties = directory.Units.Where(u => u.Level == UnitLevel.County).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        if (counties.Count == 0) throw new InvalidDataException($"{path} has no counties to submit for");
        var top = directory.Units.Where(u => u.Level == UnitLevel.Province).Select(u => u.Code).Order(StringComparer.Ordinal).FirstOrDefault()
            ?? directory.Root?.Code ?? throw new InvalidDataException($"{path} has no units");
        return new UnitSample { Directory = directory, Counties = counties, Top = top };
    }
}
