namespace KpiMesh.Domain.Targets;

/// <summary>
/// Where a series is heading at its current pace: the value it will have on the day of the milestone that applies
/// (null once that day has passed), and the day it would reach the milestone's value (null when it never would at
/// this pace, or has already).
/// </summary>
/// <param name="PacePerDay">Change of the value per day over the recent history (least squares).</param>
/// <param name="WillMiss">True when the milestone is still ahead and the value at its day falls short of it.</param>
/// <param name="Shortfall">How far below the milestone's value the series will be on its day (0 when it will make it);
/// once the day has passed, how far below it the series is today.</param>
public sealed record Projection(
    Milestone Milestone, double Current, double PacePerDay, double? ValueAtDue, DateOnly? ReachesTargetOn, bool WillMiss, double Shortfall);

/// <summary>
/// Projects a series from its daily history (the rule behind the console's "on track today, projected to miss").
/// The pace is the least-squares slope of the value over the last <see cref="PaceWindowDays"/> days, so one late
/// batch of submissions does not swing the forecast the way a first-to-last difference would.
/// </summary>
public static class Projector
{
    /// <summary>How much history the pace is read from: one reporting month.</summary>
    public const int PaceWindowDays = 30;

    /// <param name="history">The value at the end of each day (days without a value are skipped), in any order.</param>
    /// <returns>Null without a target, or without values on at least two different days in the window.</returns>
    public static Projection? Project(TargetSchedule? schedule, IEnumerable<(DateOnly Day, double? Value)> history, DateOnly today)
    {
        if (schedule is null || schedule.Milestones.Count == 0) return null;
        var points = history
            .Where(p => p.Value is not null && p.Day <= today && today.DayNumber - p.Day.DayNumber < PaceWindowDays)
            .Select(p => (X: (double)(p.Day.DayNumber - today.DayNumber), Y: p.Value!.Value))
            .OrderBy(p => p.X).ToList();
        if (points.Select(p => p.X).Distinct().Count() < 2) return null;

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var pace = points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / points.Sum(p => (p.X - meanX) * (p.X - meanX));
        var current = points[^1].Y;
        var milestone = schedule.Current(today);
        var daysLeft = milestone.Due.DayNumber - today.DayNumber;

        double? atDue = daysLeft >= 0 ? current + pace * daysLeft : null;
        DateOnly? reaches = current >= milestone.Value ? null
            : pace > 0 ? today.AddDays((int)Math.Ceiling((milestone.Value - current) / pace - 1e-9))
            : null;
        var willMiss = atDue is { } projected && projected < milestone.Value;
        var shortfall = Math.Max(0, milestone.Value - (atDue ?? current));
        return new Projection(milestone, current, pace, atDue, reaches, willMiss, shortfall);
    }
}
