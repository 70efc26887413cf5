namespace KpiMesh.Domain.Maps;

/// <summary>A polygon of a boundary file: its id (a six-digit division code, when the file has one) and its name.</summary>
public sealed record Boundary(string? Id, string Name);

/// <summary>Which boundary draws which unit, and the units no boundary draws (they stay in the tables only).</summary>
public sealed record BoundaryMatch(IReadOnlyDictionary<string, string> UnitByBoundary, IReadOnlyList<string> Unmatched);

/// <summary>
/// Matches a map's polygons to the units of the hierarchy. Boundary packages lag behind the division codes: a few
/// counties were renamed (and recoded) after the data was drawn, some files carry no ids, and the nation's file names
/// provinces without their suffix (河北 for 河北省). So: the division code first (a unit code padded to six digits:
/// city 1301 = 130100), then a code the unit took over by renaming, then the exact name, then a unique name prefix.
/// Development zones (codes xxxx7x) have no polygon of their own and stay unmatched.
/// </summary>
public static class BoundaryMatcher
{
    /// <summary>
    /// Counties whose polygons still carry the code they had before a renaming approved by the State Council
    /// (民政部 行政区划变更): old code -> the unit's code now.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["130223"] = "130284", // 2018: 撤销滦县，设立县级滦州市
        ["130823"] = "130881", // 2017: 撤销平泉县，设立县级平泉市
        ["130526"] = "130505", // 2020: 撤销任县，设立邢台市任泽区
        ["130527"] = "130506", // 2020: 撤销南和县，设立邢台市南和区
    };

    /// <summary>The six-digit division code of a unit code of the nation's first three levels (13 = 130000, 1301 = 130100).</summary>
    public static string DivisionCode(string unitCode) => unitCode.Length < 6 ? unitCode.PadRight(6, '0') : unitCode;

    public static BoundaryMatch Match(IEnumerable<Boundary> boundaries, IEnumerable<(string Code, string Name)> units)
    {
        var remaining = units.ToList();
        var features = boundaries.Where(b => !string.IsNullOrEmpty(b.Name)).ToList();
        var matched = new Dictionary<string, string>(StringComparer.Ordinal);

        void Pass(Func<Boundary, (string Code, string Name), bool> same)
        {
            foreach (var feature in features.Where(f => !matched.ContainsKey(f.Name)))
            {
                var candidates = remaining.Where(u => same(feature, u)).ToList();
                if (candidates.Count != 1) continue;
                matched[feature.Name] = candidates[0].Code;
                remaining.Remove(candidates[0]);
            }
        }

        Pass((f, u) => f.Id is not null && f.Id == DivisionCode(u.Code));
        Pass((f, u) => f.Id is not null && Renamed.TryGetValue(f.Id, out var now) && now == u.Code);
        Pass((f, u) => f.Name == u.Name);
        Pass((f, u) => f.Name.Length >= 2 && u.Name.StartsWith(f.Name, StringComparison.Ordinal));
        return new BoundaryMatch(matched, remaining.Select(u => u.Code).ToList());
    }

    /// <summary>Development zones and similar areas (统计用区划代码 71-79 in the county digits): no polygon is expected.</summary>
    public static bool IsDevelopmentZone(string code) => code.Length == 6 && code[4] == '7';
}
