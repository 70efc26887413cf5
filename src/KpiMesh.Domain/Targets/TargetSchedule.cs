namespace KpiMesh.Domain.Targets;

/// <summary>
/// The milestones one series must reach, and where the trajectory to the first one starts (the baseline: a day and
/// the value measured then, from the programme's start).
/// </summary>
/// <param name="Source">Which document set it, for people checking a target against the programme.</param>
public sealed record TargetSchedule(
    string Indicator, string? Option, DateOnly BaselineDate, double BaselineValue, IReadOnlyList<Milestone> Milestones, string Source)
{
    /// <summary>The milestone that applies on <paramref name="today"/>: the first not yet due, or the last one once all are.</summary>
    public Milestone Current(DateOnly today) => Milestones.FirstOrDefault(m => m.Due >= today) ?? Milestones[^1];

    /// <summary>Where the trajectory to <paramref name="milestone"/> starts: the previous milestone, or the baseline.</summary>
    public Milestone StartOf(Milestone milestone)
    {
        var index = Milestones.ToList().IndexOf(milestone);
        return index > 0 ? Milestones[index - 1] : new Milestone(BaselineDate, BaselineValue);
    }
}
