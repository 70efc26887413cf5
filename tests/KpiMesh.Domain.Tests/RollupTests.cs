using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Tests;

public sealed class RollupTests
{
    private static readonly DateOnly Today = new(2021, 6, 30);
    private static readonly RollupKey Room = new("village_room_rate", null);
    private static readonly RollupKey Managed = new("patient_management_rate", null);

    private static Contribution Of(params (RollupKey Key, long N, long D, int R)[] cells) =>
        new(cells.ToDictionary(c => c.Key, c => new RollupCell(c.N, c.D, c.R)));

    [Fact]
    public void Rates_are_sums_of_numerators_over_sums_of_denominators_not_averages_of_rates()
    {
        var rollup = new SubtreeRollup();
        rollup.ReplaceChild("a", 1, Of((Managed, 1, 1, 1)));       // 100%
        rollup.ReplaceChild("b", 1, Of((Managed, 10, 100, 1)));    // 10%
        var total = rollup.Total[Managed];
        Assert.Equal(new RollupCell(11, 101, 2), total);           // 10.9%, not the 55% an average of rates gives
    }

    [Fact]
    public void A_child_report_replaces_the_previous_one_and_stale_or_repeated_versions_change_nothing()
    {
        var rollup = new SubtreeRollup();
        Assert.NotEmpty(rollup.ReplaceChild("a", 5, Of((Room, 3, 4, 4))));
        Assert.NotEmpty(rollup.ReplaceChild("a", 7, Of((Room, 4, 4, 4))));
        Assert.Empty(rollup.ReplaceChild("a", 6, Of((Room, 0, 4, 4))));   // out of order: older
        Assert.Empty(rollup.ReplaceChild("a", 7, Of((Room, 4, 4, 4))));   // duplicate
        rollup.ReplaceChild("b", 1, Of((Room, 1, 2, 2)));
        Assert.Equal(new RollupCell(5, 6, 6), rollup.Total[Room]);
    }

    [Fact]
    public void Reports_are_copied_into_what_the_rollup_holds_so_one_contribution_can_serve_twice_and_children_never_share_cells()
    {
        // The rollup overwrites each child's cells in place: the caller's contribution must stay as it was, and two
        // children given the same object must each keep their own copy when one of them reports again.
        var shared = Of((Room, 3, 4, 4), (Managed, 1, 1, 1));
        var rollup = new SubtreeRollup();
        rollup.ReplaceChild("a", 1, shared);
        rollup.ReplaceChild("b", 1, shared);
        rollup.ReplaceChild("a", 2, Of((Room, 1, 4, 4)));
        Assert.Equal(new RollupCell(3, 4, 4), shared[Room]);
        Assert.Equal(new RollupCell(1, 1, 1), shared[Managed]);
        Assert.Equal(new RollupCell(3, 4, 4), rollup.Children["b"].Cells[Room]);
        Assert.Equal(new RollupCell(1, 4, 4), rollup.Children["a"].Cells[Room]);
        Assert.False(rollup.Children["a"].Cells.Cells.ContainsKey(Managed));
        Assert.Equal(new RollupCell(4, 8, 8), rollup.Total[Room]);
        Assert.Equal(new RollupCell(1, 1, 1), rollup.TotalOf(Managed));
        // The own part is held the same way.
        var own = Of((Managed, 2, 2, 1));
        rollup.SetOwn(own);
        rollup.SetOwn(Of((Managed, 5, 5, 1)));
        Assert.Equal(new RollupCell(2, 2, 1), own[Managed]);
        Assert.Equal(new RollupCell(6, 6, 2), rollup.TotalOf(Managed));
    }

    [Fact]
    public void Own_values_and_children_add_up_and_empty_series_disappear()
    {
        var rollup = new SubtreeRollup();
        rollup.SetOwn(Of((Managed, 2, 3, 1)));
        rollup.ReplaceChild("a", 1, Of((Managed, 5, 5, 1), (Room, 1, 1, 1)));
        Assert.Equal(new RollupCell(7, 8, 2), rollup.Total[Managed]);
        rollup.ReplaceChild("a", 2, Of((Managed, 5, 5, 1)));
        Assert.False(rollup.Total.Cells.ContainsKey(Room));
    }

    [Fact]
    public void Versions_grow_even_after_state_is_lost()
    {
        var now = DateTimeOffset.Parse("2026-11-23T00:00:00Z");
        Assert.Equal(now.UtcTicks, ContributionVersion.Next(0, now));
        Assert.Equal(now.UtcTicks + 1, ContributionVersion.Next(now.UtcTicks, now));
    }

    [Fact]
    public void Coverage_denominator_is_the_applicable_units_in_the_hierarchy_and_non_reporters_count_as_not_built()
    {
        var directory = TestHierarchy.Load();
        var builder = new UnitReportBuilder(KpiMesh.Domain.Programmes.Programme.Default, directory, Today);
        // Two of five villages reported: one built, one not.
        var total = Of((Room, 1, 2, 2));
        var row = builder.Build("13", total).Single(r => r.Indicator == "village_room_rate");
        Assert.Equal((1L, 5L, 5, 2), (row.Numerator, row.Denominator, row.ExpectedUnits, row.ReportedUnits));
        Assert.Equal(0.2, row.Value);
        Assert.Equal(0.4, row.Completeness);
    }

    [Fact]
    public void Ratio_denominator_is_what_was_reported_and_no_data_is_null_not_zero()
    {
        var builder = new UnitReportBuilder(KpiMesh.Domain.Programmes.Programme.Default, TestHierarchy.Load(), Today);
        var rows = builder.Build("130102", Of((Managed, 80, 100, 1)));
        var managed = rows.Single(r => r.Indicator == "patient_management_rate");
        Assert.Equal((80L, 100L, 2, 1), (managed.Numerator, managed.Denominator, managed.ExpectedUnits, managed.ReportedUnits));
        var literacy = rows.Single(r => r.Indicator == "literacy_rate");
        Assert.Null(literacy.Value);
        Assert.Equal(1, literacy.ExpectedUnits);
    }

    [Fact]
    public void Every_indicator_and_option_has_a_row()
    {
        var rows = new UnitReportBuilder(KpiMesh.Domain.Programmes.Programme.Default, TestHierarchy.Load(), Today).Build("13", Contribution.Empty);
        Assert.Equal(KpiMesh.Domain.Programmes.Programme.Default.Catalog.All.Sum(i => i.Series().Count()), rows.Count);
    }

    [Fact]
    public void Disaggregated_options_roll_up_on_their_own_and_separate_samples_have_no_pooled_total()
    {
        var catalog = KpiMesh.Domain.Programmes.Programme.Default.Catalog;
        OwnValue V(long n, long d) => new(n, d, "2021", null, 0, DateTimeOffset.UnixEpoch);
        var county1 = OwnContribution.Build(new Dictionary<RollupKey, OwnValue>
        {
            [new("awareness_rate", "urban")] = V(60, 100),
            [new("awareness_rate", "rural")] = V(30, 100),
        }, catalog);
        var county2 = OwnContribution.Build(new Dictionary<RollupKey, OwnValue>
        {
            [new("awareness_rate", "rural")] = V(50, 100),
        }, catalog);
        var total = Contribution.Sum([county1, county2]);
        Assert.Equal(new RollupCell(60, 100, 1), total[new("awareness_rate", "urban")]);
        Assert.Equal(new RollupCell(80, 200, 2), total[new("awareness_rate", "rural")]);
        // Cadres, students, urban and rural residents are separate samples: no seed defines their pool.
        Assert.True(total[new("awareness_rate", null)].IsEmpty);
        Assert.DoesNotContain(new UnitReportBuilder(KpiMesh.Domain.Programmes.Programme.Default, TestHierarchy.Load(), Today).Build("13", total),
            r => r.Indicator == "awareness_rate" && r.Option is null);
    }

    [Fact]
    public void Children_rank_by_value_with_no_data_last()
    {
        RankedChild C(string code, double? value) =>
            new(code, code, "county", new IndicatorRow("x", null, 0, 0, value, 0, 0, null));
        var children = new[] { C("a", 0.5), C("b", null), C("c", 0.9), C("d", 0.1) };
        Assert.Equal(["c", "a", "d", "b"], ChildRanking.Rank(children, descending: true, 10).Select(c => c.Code));
        Assert.Equal(["d", "a"], ChildRanking.Rank(children, descending: false, 2).Select(c => c.Code));
    }
}

public sealed class RollupHistoryTests
{
    private static readonly RollupKey Room = new("village_room_rate", null);
    private static Contribution Built(long n, int r) => new(new Dictionary<RollupKey, RollupCell> { [Room] = new(n, r, r) });

    [Fact]
    public void The_value_on_a_day_is_the_last_recorded_on_or_before_it_over_simulated_days()
    {
        var history = new RollupHistory();
        var day1 = new DateOnly(2026, 3, 1);
        history.Record(day1, Built(1, 2));
        history.Record(day1, Built(2, 3));            // later the same day: replaces
        history.Record(day1.AddDays(3), Built(5, 6));
        var series = history.Series(Room, day1.AddDays(-1), day1.AddDays(4));
        Assert.Equal([0L, 2, 2, 2, 5, 5], series.Select(p => p.Cell.Numerator));
        Assert.Equal(6, series.Count);
        // Asked from a day after the first change, the value carries over from before the window.
        Assert.Equal(2, history.Series(Room, day1.AddDays(1), day1.AddDays(1)).Single().Cell.Numerator);
    }

    [Fact]
    public void Each_day_keeps_its_own_cells_however_often_a_later_day_is_recorded_with_the_same_object()
    {
        // A day's record is overwritten in place by later records of that day only: the day before, recorded from the
        // same contribution object, keeps what it had, and so does the caller's contribution.
        var history = new RollupHistory();
        var day1 = new DateOnly(2026, 3, 1);
        var total = Built(1, 1);
        history.Record(day1, total);
        history.Record(day1.AddDays(1), total);
        history.Record(day1.AddDays(1), Built(7, 7));
        history.Record(day1.AddDays(1), Built(8, 8));
        Assert.Equal([1L, 8], history.Series(Room, day1, day1.AddDays(1)).Select(p => p.Cell.Numerator));
        Assert.Equal(1, total[Room].Numerator);
        Assert.Equal(8, history.On(day1.AddDays(1))![Room].Numerator);
    }

    [Fact]
    public void Days_beyond_the_kept_window_are_dropped()
    {
        var history = new RollupHistory();
        var start = new DateOnly(2024, 1, 1);
        history.Record(start, Built(1, 1));
        history.Record(start.AddDays(RollupHistory.DaysKept + 1), Built(2, 2));
        Assert.Single(history.Days);
    }
}
