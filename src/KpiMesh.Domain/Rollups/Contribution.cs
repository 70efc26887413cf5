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

    private Contribution(Dictionary<RollupKey, RollupCell> cells, bool _) => _cells = cells;

    /// <summary>
    /// Takes <paramref name="cells"/> as they are, without a copy: for a dictionary just built and never touched
    /// again. Every report a unit receives and every submission it applies makes one; copying each again doubled
    /// what the silo allocated for them.
    /// </summary>
    public static Contribution Adopt(Dictionary<RollupKey, RollupCell> cells)
    {
        foreach (var (key, cell) in cells)
            if (cell.IsEmpty) cells.Remove(key);
        return new Contribution(cells, true);
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
        return Adopt(sum);
    }

    /// <summary>The series whose cells differ between two sets of cells.</summary>
    private static List<RollupKey> ChangedKeys(IReadOnlyDictionary<RollupKey, RollupCell> before, IReadOnlyDictionary<RollupKey, RollupCell> after)
    {
        var changed = new List<RollupKey>();
        foreach (var (key, cell) in before)
            if (after.GetValueOrDefault(key) != cell) changed.Add(key);
        foreach (var key in after.Keys)
            if (!before.ContainsKey(key)) changed.Add(key);
        return changed;
    }

    /// <summary>A contribution of no cells that its owner fills in place (<see cref="Become"/>); never <see cref="Empty"/>, which is shared.</summary>
    internal static Contribution Owned() => new(new Dictionary<RollupKey, RollupCell>(), true);

    /// <summary>
    /// Makes this contribution's cells those of <paramref name="next"/> in place, moving <paramref name="total"/> (if
    /// any) by the difference; returns the series that changed. Only for a contribution its owner made with <see cref="Owned"/>
    /// and never handed out to keep.
    /// </summary>
    /// <remarks>
    /// Why in place: a parent used to keep each child's latest report as the report's own dictionary, so every
    /// report left a new one that lived until the next (0.1 s to minutes): long enough to be promoted by a
    /// collection and die old. A cell is a struct, so overwriting it allocates nothing and writes no reference;
    /// only a series the child did not have before adds an entry (and its key).
    /// </remarks>
    internal List<RollupKey> Become(IReadOnlyDictionary<RollupKey, RollupCell> next, Dictionary<RollupKey, RollupCell>? total = null)
    {
        var changed = ChangedKeys(_cells, next);
        foreach (var key in changed)
        {
            var old = this[key];
            var fresh = next.GetValueOrDefault(key);
            if (total is not null)
            {
                var sum = total.GetValueOrDefault(key) - old + fresh;
                if (sum.IsEmpty) total.Remove(key);
                else total[key] = sum;
            }
            if (fresh.IsEmpty) _cells.Remove(key);
            else _cells[key] = fresh;
        }
        return changed;
    }
}
