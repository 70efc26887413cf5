namespace KpiMesh.Domain.Rollups;

/// <summary>
/// What a subtree adds to its parent: one <see cref="RollupCell"/> per series. A parent keeps the latest
/// contribution of each child and replaces it whole (never adds a delta), which is what makes retries,
/// duplicates and re-ordering harmless.
/// </summary>
public sealed class Contribution
{
    public static Contribution Empty { get; } = new(new Dictionary<RollupKey, RollupCell>());

    private readonly Dictionary<RollupKey, RollupCell> _cells;

    public Contribution(IReadOnlyDictionary<RollupKey, RollupCell> cells)
    {
        _cells = new Dictionary<RollupKey, RollupCell>(cells.Count);
        foreach (var (key, cell) in cells)
            if (!cell.IsEmpty) _cells[key] = cell;
    }

    public IReadOnlyDictionary<RollupKey, RollupCell> Cells => _cells;

    public RollupCell this[RollupKey key] => _cells.GetValueOrDefault(key);

    /// <summary>The cell-by-cell sum: how a subtree's total is made from its own values and its children's.</summary>
    public static Contribution Sum(IEnumerable<Contribution> parts)
    {
        var sum = new Dictionary<RollupKey, RollupCell>();
        foreach (var part in parts)
            foreach (var (key, cell) in part._cells)
                sum[key] = sum.GetValueOrDefault(key) + cell;
        return new Contribution(sum);
    }

    /// <summary>The series whose cells differ between two contributions.</summary>
    public static IEnumerable<RollupKey> ChangedKeys(Contribution before, Contribution after) =>
        before._cells.Keys.Union(after._cells.Keys).Where(key => before[key] != after[key]);
}
