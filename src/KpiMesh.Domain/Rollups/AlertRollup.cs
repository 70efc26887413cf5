namespace KpiMesh.Domain.Rollups;

/// <summary>
/// A unit's view of the rising red warnings below it, kept as <see cref="SubtreeRollup"/> keeps totals: its own
/// summary (a town's own alert) plus each child's latest whole summary, replaced only by a newer version, so a
/// retried, duplicated or re-ordered report can never count a town twice or bring back an alert that has fallen.
/// </summary>
public sealed class AlertRollup
{
    private readonly Dictionary<string, (long Version, AlertSummary Summary)> _children = new(StringComparer.Ordinal);
    private AlertSummary _own = AlertSummary.Empty;

    /// <summary>The merge of the own summary and every child's (re-taken only when a part changed).</summary>
    public AlertSummary Total { get; private set; } = AlertSummary.Empty;

    public IReadOnlyDictionary<string, (long Version, AlertSummary Summary)> Children => _children;

    /// <summary>Replaces the unit's own part; true when <see cref="Total"/> changed.</summary>
    public bool SetOwn(AlertSummary own)
    {
        if (own.Equals(_own)) return false;
        _own = own;
        return Remerge();
    }

    /// <summary>
    /// Takes a child's summary if <paramref name="version"/> is newer than the one held (the same version its totals
    /// came with); true when <see cref="Total"/> changed, false for a stale or repeated report or one that changes nothing.
    /// </summary>
    public bool ReplaceChild(string childCode, long version, AlertSummary summary)
    {
        if (_children.TryGetValue(childCode, out var held))
        {
            if (held.Version >= version) return false;
            _children[childCode] = (version, summary);
            return !held.Summary.Equals(summary) && Remerge();
        }
        _children[childCode] = (version, summary);
        return summary.Alerting > 0 && Remerge();
    }

    private bool Remerge()
    {
        var merged = AlertSummary.Merge(_children.Values.Select(c => c.Summary).Prepend(_own));
        if (merged.Equals(Total)) return false;
        Total = merged;
        return true;
    }
}
