namespace KpiMesh.Domain.Rollups;

/// <summary>A town whose red warning count rose since its previous period.</summary>
/// <param name="Since">When the town's red count last changed (the rising report), if known.</param>
public sealed record TownRise(string Code, long Count, long Previous, DateTimeOffset? Since)
{
    public long Rise => Count - Previous;
}

/// <summary>
/// The rising red warnings of a subtree in a form that merges upwards: how many towns alert (exact) and the
/// <see cref="Kept"/> largest rises (exact too: the largest K of a union are among the largest K of each part, so
/// a parent that merges its children's top K holds the subtree's top K). Each unit sends its parent this whole
/// summary beside its totals, under the same version, so a read at the root is a read of one summary, not a scan of
/// 40,000 towns. Seed 002: 对特殊人群按“红色”表示严重心理问题……开展“三色预警”分级管理评估……动态跟踪，适时调整预警颜色.
/// </summary>
public sealed class AlertSummary : IEquatable<AlertSummary>
{
    /// <summary>The series watched for rises: a town's red count against its previous period's.</summary>
    public static readonly RollupKey Series = new("warning_cases", "red");

    /// <summary>Rises a summary keeps: more than a leader reads, and each report stays a few kilobytes.</summary>
    public const int Kept = 100;

    public static AlertSummary Empty { get; } = new(0, []);

    /// <summary>Largest rise first; equal rises by town code, so every merge order gives the same list.</summary>
    public static readonly IComparer<TownRise> Order = Comparer<TownRise>.Create((a, b) =>
    {
        var byRise = b.Rise.CompareTo(a.Rise);
        return byRise != 0 ? byRise : string.CompareOrdinal(a.Code, b.Code);
    });

    public AlertSummary(int alerting, IReadOnlyList<TownRise> top)
    {
        if (alerting < top.Count) throw new ArgumentException($"{top.Count} rises kept but only {alerting} towns alerting", nameof(alerting));
        Alerting = alerting;
        Top = top;
    }

    /// <summary>Towns of the subtree whose red count rose: all of them, not only the ones kept.</summary>
    public int Alerting { get; }

    /// <summary>The largest rises, at most <see cref="Kept"/>, in <see cref="Order"/>.</summary>
    public IReadOnlyList<TownRise> Top { get; }

    /// <summary>
    /// A town's own summary from its red cell: an alert when the count rose since its previous period (a town's first
    /// report is its baseline, so it has <see cref="RollupCell.Previous"/> equal to the count and does not alert).
    /// </summary>
    public static AlertSummary ForTown(string code, RollupCell red, DateTimeOffset? since) =>
        red.Rose ? new AlertSummary(1, [new TownRise(code, red.Numerator, red.Previous, since)]) : Empty;

    /// <summary>The summary of a union of disjoint subtrees: counts add, and the top K is re-taken from the parts' top K.</summary>
    public static AlertSummary Merge(IEnumerable<AlertSummary> parts)
    {
        var alerting = 0;
        List<TownRise>? rises = null;
        foreach (var part in parts)
        {
            if (part.Alerting == 0) continue;
            alerting += part.Alerting;
            (rises ??= []).AddRange(part.Top);
        }
        if (rises is null) return Empty;
        rises.Sort(Order);
        if (rises.Count > Kept) rises.RemoveRange(Kept, rises.Count - Kept);
        return new AlertSummary(alerting, rises);
    }

    public bool Equals(AlertSummary? other) =>
        other is not null && other.Alerting == Alerting && other.Top.SequenceEqual(Top);

    public override bool Equals(object? obj) => Equals(obj as AlertSummary);

    public override int GetHashCode() => HashCode.Combine(Alerting, Top.Count == 0 ? null : Top[0]);
}
