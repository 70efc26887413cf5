using KpiMesh.Domain.Indicators;

namespace KpiMesh.Domain.Targets;

/// <summary>What makes a proposed target schedule well formed, before it is compared with what it inherits.</summary>
public static class TargetRules
{
    public const int MaxMilestones = 12;

    public static string? Check(TargetSchedule schedule, IndicatorCatalog catalog)
    {
        var indicator = catalog.Find(schedule.Indicator);
        if (indicator is null) return $"unknown indicator '{schedule.Indicator}'";
        if (indicator.IsCount) return $"{indicator.Id} is a count, not a rate; targets apply to rates";
        if (schedule.Option is { } option && !indicator.Options.Contains(option)) return $"{indicator.Id} has no option '{option}'";
        if (schedule.Milestones.Count is 0 or > MaxMilestones) return $"give 1 to {MaxMilestones} milestones";
        var previous = schedule.BaselineDate;
        foreach (var milestone in schedule.Milestones)
        {
            if (milestone.Due <= previous) return "milestones must come after the baseline and each other, in order of their days";
            if (!double.IsFinite(milestone.Value) || milestone.Value is < 0 or > 1) return "a milestone's value is a rate between 0 and 1";
            if (milestone.Due.Year > 2100) return "a milestone's day must be before 2100";
            previous = milestone.Due;
        }
        if (!double.IsFinite(schedule.BaselineValue) || schedule.BaselineValue is < 0 or > 1) return "the baseline value is a rate between 0 and 1";
        return null;
    }
}
