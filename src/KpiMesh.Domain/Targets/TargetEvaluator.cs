namespace KpiMesh.Domain.Targets;

/// <summary>The verdict on one series: which milestone applies and how the value stands against its trajectory.</summary>
public sealed record TargetVerdict(Milestone Milestone, double Expected, TargetStatus Status);

/// <summary>
/// Judges a value against a target schedule (seed 002: met, on track, at risk, off track), by the trajectory from the
/// start (baseline or previous milestone) to the milestone that applies today.
/// </summary>
public static class TargetEvaluator
{
    /// <summary>
    /// How far below the trajectory still counts as "at risk" rather than "off track", as a share of the climb from
    /// the start to the milestone: 10% of the way (5 points on a climb from 30% to 80%).
    /// </summary>
    public const double AtRiskMargin = 0.10;

    /// <returns>Null when there is no value to judge (nothing reported): "no data" is not "off track".</returns>
    public static TargetVerdict? Evaluate(TargetSchedule schedule, double? value, DateOnly today)
    {
        if (value is not { } current || schedule.Milestones.Count == 0) return null;
        var milestone = schedule.Current(today);
        if (current >= milestone.Value) return new TargetVerdict(milestone, milestone.Value, TargetStatus.Met);
        if (today > milestone.Due) return new TargetVerdict(milestone, milestone.Value, TargetStatus.OffTrack);

        var start = schedule.StartOf(milestone);
        var span = milestone.Due.DayNumber - start.Due.DayNumber;
        var elapsed = Math.Clamp(today.DayNumber - start.Due.DayNumber, 0, Math.Max(span, 0));
        var expected = span <= 0 ? milestone.Value : start.Value + (milestone.Value - start.Value) * elapsed / span;
        var climb = Math.Abs(milestone.Value - start.Value);
        var status = current >= expected ? TargetStatus.OnTrack
            : current >= expected - AtRiskMargin * climb ? TargetStatus.AtRisk
            : TargetStatus.OffTrack;
        return new TargetVerdict(milestone, expected, status);
    }
}
