using KpiMesh.Abstractions;

namespace KpiMesh.Testing;

/// <summary>Real hierarchy data from ../shared/data, beside the repository.</summary>
public static class SharedData
{
    public static string Path(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data", fileName);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"shared/data/{fileName} not found above {AppContext.BaseDirectory}; the tests need ../shared beside the repository");
    }

    /// <summary>The nation, Hebei, and one city's whole subtree (Qinhuangdao, 1303: 2,612 units).</summary>
    public static HierarchyRowData[] HebeiCity(string cityCode = "1303")
    {
        var lines = File.ReadAllLines(Path("hebei-units.csv"));
        return lines.Skip(1)
            .Select((line, i) => (Fields: line.Split(','), Line: i + 2))
            .Where(r => r.Fields[0] is "86" or "13" || r.Fields[0].StartsWith(cityCode, StringComparison.Ordinal))
            .Select(r => new HierarchyRowData(r.Line, r.Fields[0], r.Fields[1], r.Fields[2], r.Fields[3]))
            .ToArray();
    }

    public static string ToCsv(IEnumerable<HierarchyRowData> rows) =>
        "code,name,level,parent_code\n" + string.Concat(rows.Select(r => $"{r.Code},{r.Name},{r.Level},{r.ParentCode}\n"));

    /// <summary>Child to parent, for computing expected rollups independently of the system under test.</summary>
    public static Dictionary<string, string?> ParentMap(IEnumerable<HierarchyRowData> rows) =>
        rows.ToDictionary(r => r.Code, r => r.ParentCode.Length == 0 ? null : r.ParentCode);

    public static bool IsUnder(string unit, string ancestor, IReadOnlyDictionary<string, string?> parentOf)
    {
        for (string? at = unit; at is not null; at = parentOf.GetValueOrDefault(at))
            if (at == ancestor) return true;
        return false;
    }
}
