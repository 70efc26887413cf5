using KpiMesh.Domain.Targets;

namespace KpiMesh.Domain.Tests;

public sealed class ProjectionTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    /// <summary>80% due 100 days from today, climbing from 0 at the start of 2026.</summary>
    private static readonly TargetSchedule Ahead = new("x", null, new DateOnly(2026, 1, 1), 0,
        [new Milestone(Today.AddDays(100), 0.80)], "test");

    /// <summary>A straight climb of <paramref name="perDay"/> a day over the last <paramref name="days"/> days, ending at <paramref name="current"/>.</summary>
    private static IEnumerable<(DateOnly, double?)> Line(double current, double perDay, int days = 30) =>
        Enumerable.Range(0, days).Select(i => (Today.AddDays(-i), (double?)(current - perDay * i)));

    [Fact]
    public void A_steady_climb_is_projected_to_the_milestone_day_and_the_day_the_target_is_reached()
    {
        var projection = Projector.Project(Ahead, Line(0.50, 0.002), Today)!;
        Assert.Equal(0.002, projection.PacePerDay, 9);
        Assert.Equal(0.70, projection.ValueAtDue!.Value, 9);                 // 50% + 100 days x 0.2 points
        Assert.True(projection.WillMiss);
        Assert.Equal(0.10, projection.Shortfall, 9);
        Assert.Equal(Today.AddDays(150), projection.ReachesTargetOn);          // 30 points at 0.2 a day
    }

    [Fact]
    public void On_track_today_but_too_slow_is_projected_to_miss()
    {
        // The trajectory from 0 (2026-01-01) to 80% (427 days later) is at 61.3% today: 62% is on track, yet a pace
        // of 0.1 point a day leaves it at 72% on the day.
        Assert.Equal(TargetStatus.OnTrack, TargetEvaluator.Evaluate(Ahead, 0.62, Today)!.Status);
        var projection = Projector.Project(Ahead, Line(0.62, 0.001), Today)!;
        Assert.True(projection.WillMiss);
        Assert.Equal(0.72, projection.ValueAtDue!.Value, 9);
        // Fast enough: 62% + 100 x 0.3 points is past 80%, reached in 60 days.
        var fast = Projector.Project(Ahead, Line(0.62, 0.003), Today)!;
        Assert.False(fast.WillMiss);
        Assert.Equal(0, fast.Shortfall);
        Assert.Equal(Today.AddDays(60), fast.ReachesTargetOn);
    }

    [Fact]
    public void A_flat_or_falling_series_never_reaches_the_target_and_a_met_one_needs_no_date()
    {
        var flat = Projector.Project(Ahead, Line(0.40, 0), Today)!;
        Assert.Null(flat.ReachesTargetOn);
        Assert.True(flat.WillMiss);
        Assert.Equal(0.40, flat.Shortfall, 9);
        Assert.Null(Projector.Project(Ahead, Line(0.40, -0.001), Today)!.ReachesTargetOn);
        var met = Projector.Project(Ahead, Line(0.85, 0.001), Today)!;
        Assert.Null(met.ReachesTargetOn);
        Assert.False(met.WillMiss);
    }

    [Fact]
    public void Once_the_milestone_day_has_passed_the_shortfall_is_today_s_and_only_the_date_is_projected()
    {
        var passed = new TargetSchedule("x", null, new DateOnly(2019, 1, 1), 0, [new Milestone(new DateOnly(2021, 12, 31), 0.80)], "test");
        var projection = Projector.Project(passed, Line(0.70, 0.001), Today)!;
        Assert.Null(projection.ValueAtDue);
        Assert.False(projection.WillMiss);
        Assert.Equal(0.10, projection.Shortfall, 9);
        Assert.Equal(Today.AddDays(100), projection.ReachesTargetOn);
    }

    [Fact]
    public void The_pace_is_read_from_the_last_thirty_days_and_needs_two_of_them()
    {
        // A jump 40 days ago is outside the window; inside it, the series is flat.
        var history = Line(0.50, 0, 30).Append((Today.AddDays(-40), 0.0));
        Assert.Equal(0, Projector.Project(Ahead, history, Today)!.PacePerDay, 9);
        Assert.Null(Projector.Project(Ahead, [(Today, 0.5)], Today));
        Assert.Null(Projector.Project(Ahead, [(Today, 0.5), (Today.AddDays(-1), null)], Today));
        Assert.Null(Projector.Project(null, Line(0.5, 0.001), Today));
    }

    [Fact]
    public void Least_squares_is_not_swung_by_one_late_batch_as_much_as_first_to_last()
    {
        // Flat at 50% for 29 days, then +6 points today: first-to-last would say 0.2 points a day; the fit says less.
        var history = Line(0.50, 0, 30).Select(p => p.Item1 == Today ? (p.Item1, (double?)0.56) : p);
        var pace = Projector.Project(Ahead, history, Today)!.PacePerDay;
        Assert.InRange(pace, 0.0001, 0.0015);
    }
}
