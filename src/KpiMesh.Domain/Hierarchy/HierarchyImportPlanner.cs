using KpiMesh.Domain.Text;
namespace KpiMesh.Domain.Hierarchy;

/// <summary>What an import would change: units to add or rename, parents first. Empty for a re-import.</summary>
public sealed record HierarchyImportPlan(IReadOnlyList<UnitRecord> Changes, int Added, int Renamed, int Unchanged);

/// <summary>
/// Judges a whole file against the hierarchy already loaded. A file is taken whole or not at all, so every
/// check runs before anything is applied, and the first problem is reported with its line number.
/// </summary>
public static class HierarchyImportPlanner
{
    public sealed record Result(HierarchyImportPlan? Plan, HierarchyError? Error);

    public static Result Plan(IReadOnlyList<HierarchyRow> rows, UnitDirectory existing)
    {
        var inFile = new Dictionary<string, (HierarchyRow Row, UnitRecord Unit)>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!UnitLevels.TryParse(row.Level, out var level))
                return Fail(row.Line, $"unknown level '{UserText.Clip(row.Level)}' (expected one of {string.Join(", ", WireNames<UnitLevel>.All)})");
            var parent = row.ParentCode.Length == 0 ? null : row.ParentCode;
            if (parent == row.Code) return Fail(row.Line, $"unit {row.Code} is its own parent");
            var unit = new UnitRecord(row.Code, row.Name, level, parent);
            if (inFile.TryGetValue(row.Code, out var earlier))
            {
                if (earlier.Unit.ParentCode != parent)
                    return Fail(row.Line, $"duplicate code {row.Code} with a different parent (line {earlier.Row.Line} gives {earlier.Unit.ParentCode ?? "none"})");
                if (earlier.Unit != unit)
                    return Fail(row.Line, $"duplicate code {row.Code} with a different name or level (see line {earlier.Row.Line})");
                continue;
            }
            if (existing.Find(row.Code) is { } known && (known.ParentCode != parent || known.Level != level))
                return Fail(row.Line, $"code {row.Code} is already loaded with parent {known.ParentCode ?? "none"} and level {known.Level.ToWireName()}");
            inFile.Add(row.Code, (row, unit));
        }

        var ordered = ParentsFirst(inFile, existing, out var cycleAt);
        if (ordered is null) return Fail(cycleAt, "the parent links form a cycle");

        foreach (var (row, unit) in inFile.Values)
        {
            if (unit.ParentCode is null)
            {
                if (existing.Root is { } root && root.Code != unit.Code)
                    return Fail(row.Line, $"unit {unit.Code} has no parent, but the hierarchy already has the root {root.Code}");
                continue;
            }
            UnitLevel parentLevel;
            if (inFile.TryGetValue(unit.ParentCode, out var parentInFile)) parentLevel = parentInFile.Unit.Level;
            else if (existing.Find(unit.ParentCode) is { } parentKnown) parentLevel = parentKnown.Level;
            else return Fail(row.Line, $"unknown parent {unit.ParentCode} of unit {unit.Code}");
            if (!unit.Level.MayBeChildOf(parentLevel))
                return Fail(row.Line, $"a {unit.Level.ToWireName()} cannot hang under a {parentLevel.ToWireName()} ({unit.ParentCode})");
        }

        var roots = inFile.Values.Where(v => v.Unit.ParentCode is null).ToList();
        if (existing.Root is null && roots.Count != 1 && inFile.Count > 0)
            return Fail(roots.Count > 1 ? roots[1].Row.Line : 0, roots.Count > 1 ? "more than one unit without a parent" : "no root unit (a unit without a parent)");

        var changes = new List<UnitRecord>();
        int added = 0, renamed = 0, unchanged = 0;
        foreach (var unit in ordered)
        {
            var known = existing.Find(unit.Code);
            if (known is null) { added++; changes.Add(unit); }
            else if (known != unit) { renamed++; changes.Add(unit); }
            else unchanged++;
        }
        return new Result(new HierarchyImportPlan(changes, added, renamed, unchanged), null);
    }

    /// <summary>Orders units so every parent comes before its children; null (and the line) when there is a cycle.</summary>
    private static List<UnitRecord>? ParentsFirst(
        Dictionary<string, (HierarchyRow Row, UnitRecord Unit)> inFile, UnitDirectory existing, out int cycleAt)
    {
        cycleAt = 0;
        var childrenInFile = new Dictionary<string, List<UnitRecord>>(StringComparer.Ordinal);
        var starts = new List<UnitRecord>();
        foreach (var (_, unit) in inFile.Values)
        {
            if (unit.ParentCode is not null && inFile.ContainsKey(unit.ParentCode))
            {
                if (!childrenInFile.TryGetValue(unit.ParentCode, out var list)) childrenInFile[unit.ParentCode] = list = [];
                list.Add(unit);
            }
            else starts.Add(unit); // root, or hangs under a unit already loaded
        }
        var ordered = new List<UnitRecord>(inFile.Count);
        var queue = new Queue<UnitRecord>(starts);
        while (queue.Count > 0)
        {
            var unit = queue.Dequeue();
            ordered.Add(unit);
            if (childrenInFile.TryGetValue(unit.Code, out var children))
                foreach (var child in children) queue.Enqueue(child);
        }
        if (ordered.Count == inFile.Count) return ordered;
        var reached = new HashSet<string>(ordered.Select(u => u.Code), StringComparer.Ordinal);
        cycleAt = inFile.Values.Where(v => !reached.Contains(v.Unit.Code)).Min(v => v.Row.Line);
        return null;
    }

    private static Result Fail(int line, string message) => new(null, new HierarchyError(line, message));
}
