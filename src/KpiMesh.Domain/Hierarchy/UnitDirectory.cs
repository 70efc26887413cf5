namespace KpiMesh.Domain.Hierarchy;

/// <summary>
/// The whole hierarchy in memory: lookup by code, children, and how many units of each level every subtree holds
/// (the denominators of the coverage indicators). Counts are kept up to date as units are added, so reading them
/// is O(1) even for the nation.
/// </summary>
/// <remarks>Not thread-safe for writers; <see cref="Apply"/> must be called by one writer at a time.</remarks>
public sealed class UnitDirectory
{
    private static readonly int LevelCount = UnitLevels.All.Count;

    private sealed class Node(UnitRecord record)
    {
        public UnitRecord Record = record;
        public List<string>? Children;
        public int[]? SubtreeCounts; // allocated on first child; a leaf's subtree is itself
    }

    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);

    public int Count => _nodes.Count;

    public UnitRecord? Root { get; private set; }

    public IEnumerable<UnitRecord> Units => _nodes.Values.Select(n => n.Record);

    public UnitRecord? Find(string code) => _nodes.TryGetValue(code, out var node) ? node.Record : null;

    public IReadOnlyList<string> ChildrenOf(string code) =>
        _nodes.TryGetValue(code, out var node) && node.Children is { } children ? children : [];

    /// <summary>Units of <paramref name="level"/> in the subtree of <paramref name="code"/>, the unit itself included.</summary>
    public int CountInSubtree(string code, UnitLevel level)
    {
        if (!_nodes.TryGetValue(code, out var node)) return 0;
        if (node.SubtreeCounts is { } counts) return counts[(int)level];
        return node.Record.Level == level ? 1 : 0;
    }

    /// <summary>The units of <paramref name="level"/> in the subtree of <paramref name="code"/> (the unit itself included).</summary>
    public IEnumerable<UnitRecord> Descendants(string code, UnitLevel level)
    {
        if (!_nodes.TryGetValue(code, out var start)) yield break;
        var pending = new Stack<Node>([start]);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node.Record.Level == level) yield return node.Record;
            if (node.SubtreeCounts is { } counts && counts[(int)level] == 0) continue; // nothing of that level below
            foreach (var child in node.Children ?? []) pending.Push(_nodes[child]);
        }
    }

    public IEnumerable<UnitRecord> Ancestors(string code)
    {
        var current = Find(code);
        while (current?.ParentCode is { } parent && Find(parent) is { } next)
        {
            yield return next;
            current = next;
        }
    }

    /// <summary>Adds new units or renames existing ones. Parents must come before their children.</summary>
    public void Apply(IEnumerable<UnitRecord> units)
    {
        foreach (var unit in units)
        {
            if (_nodes.TryGetValue(unit.Code, out var existing))
            {
                if (existing.Record.ParentCode != unit.ParentCode || existing.Record.Level != unit.Level)
                    throw new InvalidOperationException($"unit {unit.Code} cannot move or change level");
                existing.Record = unit;
                continue;
            }
            if (unit.ParentCode is null)
            {
                if (Root is not null) throw new InvalidOperationException("the hierarchy already has a root");
                Root = unit;
            }
            else if (!_nodes.TryGetValue(unit.ParentCode, out var parentNode))
                throw new InvalidOperationException($"parent {unit.ParentCode} of {unit.Code} is unknown");
            else
                (parentNode.Children ??= []).Add(unit.Code);

            _nodes.Add(unit.Code, new Node(unit));
            CountUpwards(unit);
        }
    }

    private void CountUpwards(UnitRecord unit)
    {
        var code = unit.ParentCode;
        while (code is not null && _nodes.TryGetValue(code, out var ancestor))
        {
            var counts = ancestor.SubtreeCounts;
            if (counts is null)
            {
                counts = ancestor.SubtreeCounts = new int[LevelCount];
                counts[(int)ancestor.Record.Level] = 1;
            }
            counts[(int)unit.Level]++;
            code = ancestor.Record.ParentCode;
        }
    }
}
