using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Scorecards;

namespace KpiMesh.Domain.Tests;

/// <summary>The two rubrics with the seeds' real item points (000: Hebei demonstration site; 003: Changzhou health station).</summary>
public sealed class ScorecardTests
{
    private static readonly HebeiDemonstrationSite Hebei = HebeiDemonstrationSite.Instance;
    private static readonly ChangzhouHealthStation Changzhou = ChangzhouHealthStation.Instance;

    internal static ScoreInput Graded(Func<ScorecardItem, string?> grade) =>
        new(Hebei.Items.Where(i => grade(i) is not null).ToDictionary(i => i.Id, i => new ItemMark(grade(i), null)), null);

    internal static ScoreInput Scored(Func<ScorecardItem, decimal?> points, bool? breach = false) =>
        new(Changzhou.Items.Where(i => points(i) is not null).ToDictionary(i => i.Id, i => new ItemMark(null, points(i))), breach);

    [Fact]
    public void Hebei_has_the_seeds_twenty_items_in_four_areas_worth_one_hundred()
    {
        Assert.Equal(20, Hebei.Items.Count);
        Assert.Equal([20m, 25m, 25m, 30m], Hebei.Sections.Select(s => Hebei.Items.Where(i => i.Section == s.Number).Sum(i => i.Points)));
        Assert.Equal([4m, 5m, 6m], Hebei.Items.Select(i => i.Points).Distinct().Order());
    }

    [Fact]
    public void Hebei_A_is_full_points_B_half_and_80_qualifies()
    {
        var allA = Hebei.Score(Graded(_ => "A")).Sheet!;
        Assert.Equal((100m, true, "90_100"), (allA.Total, allA.Qualifies, allA.Bucket));
        var allB = Hebei.Score(Graded(_ => "B")).Sheet!;
        Assert.Equal((50m, false, "below_60"), (allB.Total, allB.Qualifies, allB.Bucket));
        // B on the five 4-point items (-10) and on four 5-point items (-10) -> exactly 80, which qualifies.
        var at80 = Hebei.Score(Graded(i => i.Section == 1 || i.Id is "2.1" or "2.2" or "2.3" or "2.4" ? "B" : "A")).Sheet!;
        Assert.Equal((80m, true, "80_89"), (at80.Total, at80.Qualifies, at80.Bucket));
        // One more 5-point item at B -> 77.5, which does not.
        var below = Hebei.Score(Graded(i => i.Section == 1 || i.Section == 2 ? "B" : "A")).Sheet!;
        Assert.Equal((77.5m, false, "70_79"), (below.Total, below.Qualifies, below.Bucket));
        Assert.Equal(12.5m, below.SectionScores[2]);
    }

    [Fact]
    public void Hebei_has_no_third_grade_and_an_ungraded_item_makes_the_card_incomplete_not_zero()
    {
        // The case: A everywhere except no specialist body (1.3), no funds (3.1), no premises (3.2), no crisis
        // plan (4.5) used to be 100 - 4 - 5 - 5 - 6 = 80 and "passed". Now it is incomplete, naming the four items.
        var (sheet, refusal) = Hebei.Score(Graded(i => i.Id is "1.3" or "3.1" or "3.2" or "4.5" ? null : "A"));
        Assert.Null(sheet);
        Assert.Equal(["1.3", "3.1", "3.2", "4.5"], refusal!.Missing);
        Assert.True(refusal.Incomplete);
        var none = Hebei.Score(Graded(i => i.Id == "4.5" ? "none" : "A")).Refusal!;
        Assert.False(none.Incomplete);
        Assert.Contains("A (优秀, full points) or B (合格, half)", none.Detail);
        Assert.Contains("unknown item '9.9'", Hebei.Score(new(Graded(_ => "A").Items.Append(new("9.9", new ItemMark("A", null))).ToDictionary(), null)).Refusal!.Detail);
        Assert.Contains("no confidentiality veto", Hebei.Score(Graded(_ => "A") with { ConfidentialityBreach = false }).Refusal!.Detail);
        Assert.Contains("not scored in points", Hebei.Score(new(new Dictionary<string, ItemMark> { ["1.1"] = new(null, 4) }, null)).Refusal!.Detail);
    }

    [Fact]
    public void Changzhou_sections_are_20_20_20_15_25_with_a_bonus_outside()
    {
        Assert.Equal([20m, 20m, 20m, 15m, 25m, 5m],
            Changzhou.Sections.Select(s => Changzhou.Items.Where(i => i.Section == s.Number).Sum(i => i.Points)));
        Assert.Equal(["6.1", "6.2", "6.3"], Changzhou.Items.Where(i => i.Section == 6).Select(i => i.Id));
    }

    [Fact]
    public void Changzhou_passes_at_95_and_the_bonus_does_not_count()
    {
        // 5 points off: 5.1 and 5.3 (2 points each) and 1.6 (1 point) at 0 -> 95.
        decimal? Five(ScorecardItem i) => i.Id is "5.1" or "5.3" or "1.6" ? 0 : i.Points;
        var at95 = Changzhou.Score(Scored(Five)).Sheet!;
        Assert.Equal((95m, 5m, true, "95_100"), (at95.Total, at95.Bonus, at95.Qualifies, at95.Bucket));
        var below = Changzhou.Score(Scored(i => i.Id == "2.2" ? 1.5m : Five(i))).Sheet!;
        Assert.Equal((94.5m, 5m, false, "90_94"), (below.Total, below.Bonus, below.Qualifies, below.Bucket));
        Assert.Equal(19m, at95.SectionScores[1]);
        // Bonus items are earned, not owed: leaving all of section 6 out is complete, with no bonus.
        var noBonus = Changzhou.Score(Scored(i => i.Section == 6 ? null : i.Points)).Sheet!;
        Assert.Equal((100m, 0m), (noBonus.Total, noBonus.Bonus));
    }

    [Theory]
    [InlineData(1), InlineData(2), InlineData(3)]
    public void Changzhou_honours_item_6_3_is_1_2_or_3_points_by_district_city_or_province(int points)
    {
        Assert.Equal(2 + points, Changzhou.Score(Scored(i => i.Id == "6.3" ? points : i.Points)).Sheet!.Bonus);
    }

    [Theory]
    [InlineData(0), InlineData(0.5), InlineData(1.5), InlineData(2.5)]
    public void Changzhou_honours_item_6_3_refuses_anything_else(double points)
    {
        Assert.Contains("1, 2 or 3 points", Changzhou.Score(Scored(i => i.Id == "6.3" ? (decimal)points : i.Points)).Refusal!.Detail);
    }

    [Fact]
    public void A_confidentiality_breach_takes_item_2_4s_points_and_vetoes_a_perfect_station()
    {
        var vetoed = Changzhou.Score(Scored(i => i.Points, breach: true)).Sheet!;
        Assert.Equal((0m, 97m, true, false), (vetoed.Points["2.4"], vetoed.Total, vetoed.Vetoed, vetoed.Qualifies));
        Assert.Equal(17m, vetoed.SectionScores[2]);
        var clean = Changzhou.Score(Scored(i => i.Points)).Sheet!;
        Assert.Equal((3m, 100m, true), (clean.Points["2.4"], clean.Total, clean.Qualifies));
    }

    [Fact]
    public void Changzhou_points_are_checked_against_each_items_points_and_every_counted_item_is_marked()
    {
        Assert.Contains("more than the item's 2 points", Changzhou.Score(Scored(i => i.Id == "1.2" ? 3 : i.Points)).Refusal!.Detail);
        Assert.Contains("steps of 0.5", Changzhou.Score(Scored(i => i.Id == "1.2" ? 1.2m : i.Points)).Refusal!.Detail);
        Assert.Contains("must not be negative", Changzhou.Score(Scored(i => i.Id == "4.1" ? -1 : i.Points)).Refusal!.Detail);
        Assert.Equal(["5.9"], Changzhou.Score(Scored(i => i.Id == "5.9" ? null : i.Points)).Refusal!.Missing);
        Assert.Contains("confidentialityBreach", Changzhou.Score(Scored(i => i.Points, breach: null)).Refusal!.Detail);
        Assert.Contains("not graded", Changzhou.Score(new(new Dictionary<string, ItemMark> { ["1.1"] = new("A", null) }, false)).Refusal!.Detail);
    }

    [Fact]
    public void Each_rubric_declares_who_may_apply_and_who_assesses()
    {
        Assert.Equal([UnitLevel.Village, UnitLevel.School, UnitLevel.University, UnitLevel.Enterprise, UnitLevel.Agency], Hebei.EligibleLevels.Order());
        Assert.Contains("企业、学校、农村、机关、社区", Hebei.EligibilitySource);
        Assert.Equal(UnitLevel.Province, Hebei.AssessingLevel);
        Assert.Equal([UnitLevel.School, UnitLevel.University], Changzhou.EligibleLevels.Order());
        Assert.Equal(UnitLevel.City, Changzhou.AssessingLevel);
    }
}
