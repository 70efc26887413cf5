using KpiMesh.Domain.Programmes;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Targets;

namespace KpiMesh.Domain.Tests;

public sealed class TargetTests
{
    private static readonly TargetSchedule Rooms = Programme.Default.Targets.Resolve([], "village_room_rate", null)!.Schedule; // 50% by 2020-12-31, 80% by 2021-12-31
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
        var halfWayFirstLeg = DateOnly.FromDayNumber((Rooms.BaselineDate.DayNumber + new DateOnly(2020, 12, 31).DayNumber) / 2);
        Assert.Equal(TargetStatus.OnTrack, Status(0.25, halfWayFirstLeg));
        Assert.Equal(TargetStatus.OffTrack, Status(0.79, new DateOnly(2022, 1, 1)));
        Assert.Equal(TargetStatus.Met, Status(0.81, new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void No_value_is_no_verdict_not_off_track() => Assert.Null(Status(null, MidSecondLeg));

    [Fact]
    public void Every_rate_of_the_default_programme_and_every_awareness_group_has_a_target_with_its_source()
    {
        // The seeds set no target for warning counts, team or training counts, or "to standard" rates (only for building the rooms).
        var programme = Programme.Default;
        foreach (var indicator in programme.Catalog.All.Where(i => !i.IsCount && i.ComputedFrom is null))
            foreach (var option in indicator.Series())
                Assert.True(programme.Targets.Resolve([], indicator.Id, option) is not null, $"{indicator.Id}/{option} has no target");
        // Awareness groups are separate samples: no pooled total, so no pooled target.
        Assert.Null(programme.Targets.Resolve([], "awareness_rate", null));
        Assert.Equal(1.0, programme.Targets.Resolve([], "university_teacher_ratio", null)!.Schedule.Milestones[^1].Value);
    }

    [Fact]
    public void Report_rows_carry_the_milestone_and_the_status()
    {
        var builder = new UnitReportBuilder(Programme.Default, TestHierarchy.Load(), MidSecondLeg);
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

public sealed class TargetBookTests
{
    private static readonly DateOnly Start = new(2019, 1, 1);

    private static TargetSchedule Rooms(params (int Year, double Value)[] milestones) => new("village_room_rate", null, Start, 0,
        milestones.Select(m => new Milestone(new DateOnly(m.Year, 12, 31), m.Value)).ToList(), "test");

    private static readonly EffectiveTarget Default = new(Rooms((2020, 0.5), (2021, 0.8)), null); // the default programme's figures

    [Fact]
    public void The_nearest_enclosing_target_applies_else_the_programmes_own()
    {
        var book = new TargetBook([Rooms((2020, 0.5), (2021, 0.8))], new Dictionary<string, IReadOnlyList<TargetSchedule>>
        {
            ["13"] = [Rooms((2020, 0.6), (2021, 0.85))],
            ["1301"] = [Rooms((2020, 0.7), (2021, 0.9))],
        });
        Assert.Equal(("1301", 0.9), Pick(book.Resolve(["130102", "1301", "13", "86"], "village_room_rate", null)!));
        Assert.Equal(("13", 0.85), Pick(book.Resolve(["1302", "13", "86"], "village_room_rate", null)!));
        Assert.Equal((null, 0.8), Pick(book.Resolve(["4201", "42", "86"], "village_room_rate", null)!));
        Assert.Null(book.Resolve(["1302", "13", "86"], "literacy_rate", null));
        static (string?, double) Pick(EffectiveTarget t) => (t.SetAt, t.Schedule.Milestones[^1].Value);
    }

    [Fact]
    public void A_target_must_ask_at_least_as_much_by_every_one_of_the_superiors_milestones()
    {
        Assert.Null(TargetBook.LaxerThan(Rooms((2020, 0.5), (2021, 0.85)), Default, isRate: true));
        Assert.Null(TargetBook.LaxerThan(Rooms((2020, 0.9)), Default, isRate: true)); // 90% already by 2020 covers both
        Assert.Contains("by 2021-12-31 it asks 79% but the superior's target (the programme's) asks 80%",
            TargetBook.LaxerThan(Rooms((2020, 0.5), (2021, 0.79)), Default, isRate: true));
        Assert.Contains("asks 40% but the superior's target (set by 1301) asks 50%",
            TargetBook.LaxerThan(Rooms((2020, 0.4), (2021, 0.9)), Default with { SetAt = "1301" }, isRate: true));
    }

    [Fact]
    public void A_single_deadline_is_judged_at_that_deadline_not_as_zero_before_it()
    {
        // Yinchuan's own schedule (seed 004 template 3: 80% by 2021) under a superior asking 50% by 2020 and 80% by 2021.
        Assert.Null(TargetBook.LaxerThan(Rooms((2021, 0.8)), Default, isRate: true));
        // Chongqing's 85% by 2021 likewise (seed 002).
        Assert.Null(TargetBook.LaxerThan(Rooms((2021, 0.85)), Default, isRate: true));
        // But a deadline after all of the superior's asks nothing in time.
        Assert.Contains("by 2020-12-31 it asks 0%", TargetBook.LaxerThan(Rooms((2030, 0.95)), Default, isRate: true));
        // And a single deadline below the superior's last milestone is laxer.
        Assert.Contains("by 2021-12-31 it asks 70%", TargetBook.LaxerThan(Rooms((2021, 0.7)), Default, isRate: true));
    }

    [Fact]
    public void Laggards_rank_the_furthest_below_target_and_the_least_complete()
    {
        var target = new Milestone(new DateOnly(2021, 12, 31), 0.8);
        (string, string, IndicatorRow) U(string code, double? value, int reported) =>
            (code, code, new IndicatorRow("village_room_rate", null, 0, 10, value, 10, reported, null, target, null));
        var units = new[] { U("a", 0.7, 10), U("b", 0.2, 4), U("c", 0.9, 10), U("d", null, 0) };
        Assert.Equal(["b", "a"], Laggards.BelowTarget(units, 10).Select(l => l.Code));
        Assert.Equal(0.6, Laggards.BelowTarget(units, 10)[0].Gap!.Value, 9);
        Assert.Equal(["d", "b"], Laggards.LeastComplete(units, 10).Select(l => l.Code));
    }
}
