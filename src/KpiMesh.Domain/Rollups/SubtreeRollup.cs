namespace KpiMesh.Domain.Rollups;

/// <summary>
/// A unit's view of its subtree: its own contribution plus the latest contribution of each child, and their sum.
/// Children's contributions are replaced whole and only by a newer version, so a retried, duplicated or
/// re-ordered report can never be counted twice or roll a child back. The sum is kept incrementally
/// (subtract the old cells, add the new) and is exact because every cell is integral.
/// </summary>
public sealed class SubtreeRollup
{
    private readonly Dictionary<string, (long Version, Contribution Cells)> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<RollupKey, RollupCell> _total = new();
    private Contribution _own = Contribution.Empty;

    public Contribution Own => _own;

    public IReadOnlyDictionary<string, (long Version, Contribution Cells)> Children => _children;

    public Contribution Total => new(_total);

    /// <summary>Replaces the unit's own part; returns the series whose totals changed.</summary>
    public IReadOnlyCollection<RollupKey> SetOwn(Contribution own)
    {
        var changed = Swap(_own, own);
        _own = own;
        return changed;
    }

    /// <summary>
    /// Takes a child's contribution if <paramref name="version"/> is newer than the one held; returns the series
    /// whose totals changed (empty for a stale or repeated report).
    /// </summary>
    public IReadOnlyCollection<RollupKey> ReplaceChild(string childCode, long version, Contribution cells) =>
        TryReplaceChild(childCode, version, cells, out var changed) ? changed : [];

    /// <summary>
    /// The one judge of a child's version: false (nothing taken) for a stale or repeated report; otherwise
    /// <paramref name="changed"/> holds the series whose totals changed, possibly none.
    /// </summary>
    public bool TryReplaceChild(string childCode, long version, Contribution cells, out IReadOnlyCollection<RollupKey> changed)
    {
        var previous = Contribution.Empty;
        if (_children.TryGetValue(childCode, out var held))
        {
            if (held.Version >= version)
            {
                changed = [];
                return false;
            }
            previous = held.Cells;
        }
        _children[childCode] = (version, cells);
        changed = Swap(previous, cells);
        return true;
    }

    private List<RollupKey> Swap(Contribution before, Contribution after)
    {
        var changed = Contribution.ChangedKeys(before, after);
        foreach (var key in changed)
        {
            var cell = _total.GetValueOrDefault(key);
            var old = before[key];
            var next = after[key];
            var sum = cell - old + next;
            if (sum.IsEmpty) _total.Remove(key);
            else _total[key] = sum;
        }
        return changed;
    }
}
