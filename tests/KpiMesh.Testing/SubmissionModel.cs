using KpiMesh.Abstractions;

namespace KpiMesh.Testing;

/// <summary>
/// The test's own, independent account of what the rollups must be: it replays the submissions with the rules of
/// API.md (latest wins, an older period does not overwrite, a repeated id is a no-op; for the same period the later
/// log sequence wins) and sums by walking parents.
/// </summary>
public sealed class SubmissionModel(IReadOnlyDictionary<string, string?> parentOf)
{
    private sealed record Held(long Numerator, long Denominator, DateOnly End, long Sequence);

    private readonly Dictionary<(string Unit, string Indicator, string? Option), Held> _held = new();
    private readonly HashSet<(string Unit, string Id)> _ids = [];

    public void Apply(string unit, SubmissionItem item)
    {
        if (item.Id is not null && !_ids.Add((unit, item.Id))) return;
        var end = EndOf(item.Period);
        var key = (unit, item.Indicator, item.Option);
        if (_held.TryGetValue(key, out var held) && (end < held.End || (end == held.End && item.Sequence < held.Sequence))) return;
        _held[key] = new Held(item.Numerator, item.Denominator, end, item.Sequence);
    }

    /// <summary>(numerator, summed denominator, reported units) for a series over the subtree of <paramref name="code"/>.</summary>
    public Dictionary<(string Indicator, string? Option), (long N, long D, int R)> Expected(string code)
    {
        var result = new Dictionary<(string, string?), (long N, long D, int R)>();
        foreach (var ((unit, indicator, option), held) in _held)
        {
            if (!IsInSubtree(unit, code)) continue;
            var current = result.GetValueOrDefault((indicator, option));
            result[(indicator, option)] = (current.N + held.Numerator, current.D + held.Denominator, current.R + 1);
        }
        // Options also roll into the indicator's total, counting each unit once.
        foreach (var group in _held.Where(h => h.Key.Option is not null && IsInSubtree(h.Key.Unit, code)).GroupBy(h => h.Key.Indicator))
            result[(group.Key, null)] = (group.Sum(h => h.Value.Numerator), group.Sum(h => h.Value.Denominator),
                group.Select(h => h.Key.Unit).Distinct().Count());
        return result;
    }

    private bool IsInSubtree(string unit, string ancestor)
    {
        for (string? at = unit; at is not null; at = parentOf.GetValueOrDefault(at))
            if (at == ancestor) return true;
        return false;
    }

    private static DateOnly EndOf(string period)
    {
        var year = int.Parse(period[..4]);
        var month = period.Length == 4 ? 12 : period[4] == 'Q' ? (period[5] - '0') * 3 : int.Parse(period[5..]);
        return new DateOnly(year, month, DateTime.DaysInMonth(year, month));
    }
}
