namespace KpiMesh.Domain.Targets;

/// <summary>A schedule in force for a series, and the unit that set it (null: the province-wide default).</summary>
public sealed record EffectiveTarget(TargetSchedule Schedule, string? SetAt);

/// <summary>
/// The targets units chose for their own subtrees (seed 002: "在完成市级要求的基础上，有针对性制订自选工作目标"). For any
/// unit the nearest enclosing choice applies, else the default; a choice may only be stricter than what it inherits.
/// </summary>
public sealed class TargetBook(IReadOnlyDictionary<string, IReadOnlyList<TargetSchedule>> chosenByUnit)
{
    public static TargetBook Empty { get; } = new(new Dictionary<string, IReadOnlyList<TargetSchedule>>());

    /// <param name="unitThenAncestors">The unit's code, then its parent's, up to the root.</param>
    public EffectiveTarget? Resolve(IEnumerable<string> unitThenAncestors, string indicator, string? option)
    {
        foreach (var code in unitThenAncestors)
            if (chosenByUnit.TryGetValue(code, out var chosen) && chosen.FirstOrDefault(t => t.Indicator == indicator && t.Option == option) is { } found)
                return new EffectiveTarget(found, code);
        return DefaultTargets.Find(indicator, option) is { } fallback ? new EffectiveTarget(fallback, null) : null;
    }

    /// <summary>
    /// Why <paramref name="proposed"/> is laxer than <paramref name="inherited"/>, or null when it asks at least as
    /// much by every inherited milestone's day (what it requires by a day is its highest milestone due by then).
    /// </summary>
    public static string? LaxerThan(TargetSchedule proposed, EffectiveTarget inherited)
    {
        foreach (var milestone in inherited.Schedule.Milestones)
        {
            var required = proposed.Milestones.Where(m => m.Due <= milestone.Due).Select(m => m.Value).DefaultIfEmpty(proposed.BaselineValue).Max();
            if (required < milestone.Value)
                return $"by {milestone.Due:yyyy-MM-dd} it asks {required:0.####} but the target inherited from " +
                       $"{inherited.SetAt ?? "the province-wide default"} asks {milestone.Value:0.####}; a self-chosen target may only be stricter";
        }
        return null;
    }

    public TargetBook With(string unit, TargetSchedule schedule)
    {
        var copy = chosenByUnit.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var mine = copy.GetValueOrDefault(unit)?.Where(t => t.Indicator != schedule.Indicator || t.Option != schedule.Option).ToList() ?? [];
        mine.Add(schedule);
        copy[unit] = mine;
        return new TargetBook(copy);
    }
}
