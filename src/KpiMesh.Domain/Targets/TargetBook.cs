using System.Globalization;

namespace KpiMesh.Domain.Targets;

/// <summary>A schedule in force for a series, and the unit that set it (null: the programme's own, for the whole tree).</summary>
public sealed record EffectiveTarget(TargetSchedule Schedule, string? SetAt);

/// <summary>
/// The targets of a programme: its own (the defaults of the whole tree) and those set for a subtree (seed 002:
/// "在完成市级要求的基础上，有针对性制订自选工作目标"). For any unit the nearest enclosing one applies.
/// </summary>
public sealed class TargetBook(IReadOnlyList<TargetSchedule> programmeWide, IReadOnlyDictionary<string, IReadOnlyList<TargetSchedule>> byUnit)
{
    public static TargetBook Empty { get; } = new([], new Dictionary<string, IReadOnlyList<TargetSchedule>>());

    private readonly Dictionary<(string, string?), TargetSchedule> _wide = programmeWide.ToDictionary(t => (t.Indicator, t.Option));

    public IReadOnlyDictionary<string, IReadOnlyList<TargetSchedule>> ByUnit => byUnit;

    /// <param name="unitThenAncestors">The unit's code, then its parent's, up to the root.</param>
    public EffectiveTarget? Resolve(IEnumerable<string> unitThenAncestors, string indicator, string? option)
    {
        foreach (var code in unitThenAncestors)
            if (byUnit.TryGetValue(code, out var chosen) && chosen.FirstOrDefault(t => t.Indicator == indicator && t.Option == option) is { } found)
                return new EffectiveTarget(found, code);
        return _wide.TryGetValue((indicator, option), out var wide) ? new EffectiveTarget(wide, null) : null;
    }

    /// <summary>
    /// Why <paramref name="proposed"/> (a city's or county's target) is laxer than its superior's, or null when it asks
    /// at least as much by each of the superior's own milestone days. What a schedule asks by a day is its highest
    /// milestone due by then; before its first milestone, a schedule whose first deadline is no later than the
    /// superior's last asks that first milestone's value: a single deadline ("80% by 2021") is judged at that deadline,
    /// not as 0 before it. A first deadline after the superior's last asks nothing in time.
    /// </summary>
    public static string? LaxerThan(TargetSchedule proposed, EffectiveTarget superior, bool isRate)
    {
        var superiorLast = superior.Schedule.Milestones[^1].Due;
        var first = proposed.Milestones[0];
        foreach (var milestone in superior.Schedule.Milestones)
        {
            var dueByThen = proposed.Milestones.Where(m => m.Due <= milestone.Due).ToList();
            var asks = dueByThen.Count > 0 ? dueByThen.Max(m => m.Value)
                : first.Due <= superiorLast ? first.Value
                : proposed.BaselineValue;
            if (asks < milestone.Value)
                return $"by {milestone.Due:yyyy-MM-dd} it asks {Format(asks, isRate)} but the superior's target " +
                       $"({(superior.SetAt is { } unit ? "set by " + unit : "the programme's")}) asks {Format(milestone.Value, isRate)}; " +
                       "a city or county may only be stricter than its superior (在完成上级要求的基础上制订自选工作目标)";
        }
        return null;
    }

    public static string Format(double value, bool isRate) =>
        isRate ? (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
