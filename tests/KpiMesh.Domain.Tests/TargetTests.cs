using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Targets;

namespace KpiMesh.Domain.Tests;

public sealed class TargetTests
{
    private static readonly TargetSchedule Rooms = DefaultTargets.Find("village_room_rate", null)!; // 50% by 2020-12-31, 80% by 2021-12-31
    private static readonly DateOnly MidSecondLeg = new(2021, 7, 2);

    /// <summary>Two legs of 20 days, so half-way lands on a whole day: 50% by 2021-01-21, 80% by 2021-02-10.</summary>
    private static readonly TargetSchedule Even = new("x", null, new DateOnly(2021, 1, 1), 0,
        [new Milestone(new DateOnly(2021, 1, 21), 0.50), new Milestone(new DateOnly(2021, 2, 10), 0.80)], "test");
    private static readonly DateOnly HalfWaySecondLeg = new(2021, 1, 31);

    private static TargetStatus? Status(double? value, DateOnly today, TargetSchedule? schedule = null) =>
        TargetEvaluator.Evaluate(schedule ?? Rooms, value, today)?.Status;

    [Fact]
    public void The_milestone_that_applies_is_the_next_one_due_then_the_last()
    {
        Assert.Equal(0.50, Rooms.Current(new DateOnly(2020, 6, 1)).Value);
        Assert.Equal(0.50, Rooms.Current(new DateOnly(2020, 12, 31)).Value);
        Assert.Equal(0.80, Rooms.Current(new DateOnly(2021, 1, 1)).Value);
        Assert.Equal(0.80, Rooms.Current(new DateOnly(2026, 11, 23)).Value);
    }

    [Fact]
    public void Status_boundaries_follow_the_trajectory_from_the_previous_milestone()
    {
        // Half-way along the climb from 50% to 80%: the trajectory is at 65%; at risk down to 65% - 10% x 30 points = 62%.
        Assert.Equal(TargetStatus.Met, Status(0.80, HalfWaySecondLeg, Even));
        Assert.Equal(TargetStatus.OnTrack, Status(0.65, HalfWaySecondLeg, Even));
        Assert.Equal(TargetStatus.AtRisk, Status(0.6499, HalfWaySecondLeg, Even));
        Assert.Equal(TargetStatus.AtRisk, Status(0.6201, HalfWaySecondLeg, Even));
        Assert.Equal(TargetStatus.OffTrack, Status(0.6199, HalfWaySecondLeg, Even));
        Assert.Equal(0.65, TargetEvaluator.Evaluate(Even, 0.1, HalfWaySecondLeg)!.Expected, 9);
        // The seeds' own schedule: 2021-07-02 is 183 of 365 days into the second leg.
        Assert.Equal(0.5 + 0.3 * 183 / 365, TargetEvaluator.Evaluate(Rooms, 0.1, MidSecondLeg)!.Expected, 9);
    }

    [Fact]
    public void The_first_leg_starts_at_the_baseline_and_a_passed_deadline_is_off_track()
    {
        var halfWayFirstLeg = DateOnly.FromDayNumber((DefaultTargets.ProgrammeStart.DayNumber + new DateOnly(2020, 12, 31).DayNumber) / 2);
        Assert.Equal(TargetStatus.OnTrack, Status(0.25, halfWayFirstLeg));
        Assert.Equal(TargetStatus.OffTrack, Status(0.79, new DateOnly(2022, 1, 1)));
        Assert.Equal(TargetStatus.Met, Status(0.81, new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void No_value_is_no_verdict_not_off_track() => Assert.Null(Status(null, MidSecondLeg));

    [Fact]
    public void Every_indicator_and_every_awareness_option_has_a_default_target_with_its_source()
    {
        foreach (var indicator in IndicatorCatalog.Default.All)
        {
            Assert.NotNull(DefaultTargets.Find(indicator.Id, null));
            foreach (var option in indicator.Options) Assert.NotNull(DefaultTargets.Find(indicator.Id, option));
        }
        Assert.All(DefaultTargets.All, t => Assert.False(string.IsNullOrWhiteSpace(t.Source)));
        Assert.Equal(1.0 / 4000, DefaultTargets.Find("university_teacher_ratio", null)!.Milestones[^1].Value);
    }

    [Fact]
    public void Report_rows_carry_the_milestone_and_the_status()
    {
        var builder = new UnitReportBuilder(IndicatorCatalog.Default, TestHierarchy.Load(), MidSecondLeg);
        // 3 of the 5 villages built: 60%, more than the at-risk margin below the ~65% trajectory.
        var row = builder.Build("13", new Contribution(new Dictionary<RollupKey, RollupCell> { [new("village_room_rate", null)] = new(3, 5, 5) }))
            .Single(r => r.Indicator == "village_room_rate");
        Assert.Equal(new Milestone(new DateOnly(2021, 12, 31), 0.80), row.Target);
        Assert.Equal(TargetStatus.OffTrack, row.Status);
        var literacy = builder.Build("13", Contribution.Empty).Single(r => r.Indicator == "literacy_rate");
        Assert.Equal(0.20, literacy.Target!.Value);
        Assert.Null(literacy.Status);
    }
}
