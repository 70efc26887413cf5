using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Scorecards;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Tests;

/// <summary>The two rubrics with the seeds' real item points (000: Hebei demonstration site; 003: Changzhou health station).</summary>
public sealed class ScorecardTests
{
    private static readonly HebeiDemonstrationSite Hebei = HebeiDemonstrationSite.Instance;
    private static readonly ChangzhouHealthStation Changzhou = ChangzhouHealthStation.Instance;

    private static ScorecardInput Graded(Func<ScorecardItem, string> grade) =>
        new("2024", Hebei.Items.ToDictionary(i => i.Id, i => new ItemScore(grade(i), null, null)), null);

    private static ScorecardInput Scored(Func<ScorecardItem, decimal> self, Func<ScorecardItem, decimal?> acceptance, bool breach = false) =>
        new("2024", Changzhou.Items.ToDictionary(i => i.Id, i => new ItemScore(null, self(i), acceptance(i))), breach);

    [Fact]
    public void Hebei_has_the_seeds_twenty_items_in_four_areas_worth_one_hundred()
    {
        Assert.Equal(20, Hebei.Items.Count);
        Assert.Equal([20m, 25m, 25m, 30m], Hebei.Sections.Select(s => Hebei.Items.Where(i => i.Section == s.Number).Sum(i => i.Points)));
        Assert.Equal(Hebei.Sections.Select(s => s.Points), Hebei.Sections.Select(s => Hebei.Items.Where(i => i.Section == s.Number).Sum(i => i.Points)));
        Assert.Equal([4m, 5m, 6m], Hebei.Items.Select(i => i.Points).Distinct().Order());
    }

    [Fact]
    public void Hebei_A_is_full_points_B_half_and_80_qualifies()
    {
        var allA = Hebei.Evaluate(Graded(_ => "A")).Result!;
        Assert.Equal((100m, ScorecardVerdict.Passed, "90_100"), (allA.Score!.Value, allA.Verdict, allA.Bucket));
        var allB = Hebei.Evaluate(Graded(_ => "B")).Result!;
        Assert.Equal((50m, ScorecardVerdict.Failed, "below_60"), (allB.Score!.Value, allB.Verdict, allB.Bucket));

        // B on the five 4-point items and on 2.1, 2.2: 100 - 10 - 5 = 85... the boundary needs exactly 80:
        // B on all five 4-point items (-10) and on four 5-point items (-10) -> 80, which qualifies.
        var at80 = Hebei.Evaluate(Graded(i => i.Section == 1 || i.Id is "2.1" or "2.2" or "2.3" or "2.4" ? "B" : "A")).Result!;
        Assert.Equal((80m, ScorecardVerdict.Passed, "80_89"), (at80.Score!.Value, at80.Verdict, at80.Bucket));
        // One more 5-point item at B -> 77.5, which does not.
        var below = Hebei.Evaluate(Graded(i => i.Section == 1 || i.Id is "2.1" or "2.2" or "2.3" or "2.4" or "2.5" ? "B" : "A")).Result!;
        Assert.Equal((77.5m, ScorecardVerdict.Failed, "70_79"), (below.Score!.Value, below.Verdict, below.Bucket));
        Assert.Equal(12.5m, below.SectionScores[2]);
        var none = Hebei.Evaluate(Graded(i => i.Id == "4.5" ? "none" : "A")).Result!;
        Assert.Equal(94m, none.Score);
    }

    [Fact]
    public void Hebei_cards_must_grade_every_item_and_only_with_A_B_or_none()
    {
        var missing = new ScorecardInput("2024", Graded(_ => "A").Items.Where(i => i.Key != "3.3").ToDictionary(), null);
        Assert.Contains("item 3.3 needs a grade", Hebei.Evaluate(missing).Error);
        Assert.Contains("grade must be A", Hebei.Evaluate(Graded(i => i.Id == "1.1" ? "C" : "A")).Error);
        var extra = new ScorecardInput("2024", Graded(_ => "A").Items.Append(new("9.9", new ItemScore("A", null, null))).ToDictionary(), null);
        Assert.Contains("unknown item '9.9'", Hebei.Evaluate(extra).Error);
        Assert.Contains("period", Hebei.Evaluate(Graded(_ => "A") with { Period = "2024-13" }).Error);
        Assert.Contains("no confidentiality veto", Hebei.Evaluate(Graded(_ => "A") with { ConfidentialityBreach = false }).Error);
    }

    [Fact]
    public void Changzhou_sections_are_20_20_20_15_25_with_a_bonus_outside()
    {
        Assert.Equal([20m, 20m, 20m, 15m, 25m, 5m],
            Changzhou.Sections.Select(s => Changzhou.Items.Where(i => i.Section == s.Number).Sum(i => i.Points)));
        Assert.Equal(100m, Changzhou.Items.Where(i => i.Section <= 5).Sum(i => i.Points));
        Assert.Equal(["6.1", "6.2", "6.3"], Changzhou.Items.Where(i => i.Section == 6).Select(i => i.Id));
    }

    [Fact]
    public void Changzhou_passes_at_95_acceptance_points_and_the_bonus_does_not_count()
    {
        // 5 points off: section 5's 2-point items 5.1 and 5.3 at 0, and 1.6 at 0 -> 95.
        decimal Five(ScorecardItem i) => i.Id is "5.1" or "5.3" or "1.6" ? 0 : i.Points;
        var at95 = Changzhou.Evaluate(Scored(i => i.Points, i => Five(i))).Result!;
        Assert.Equal((95m, 100m, ScorecardVerdict.Passed, "95_100"), (at95.Score!.Value, at95.SelfScore!.Value, at95.Verdict, at95.Bucket));
        Assert.Equal(5m, at95.Bonus);
        var below = Changzhou.Evaluate(Scored(i => i.Points, i => i.Id == "2.2" ? Five(i) - 0.5m : Five(i))).Result!;
        Assert.Equal((94.5m, ScorecardVerdict.Failed, "90_94"), (below.Score!.Value, below.Verdict, below.Bucket));
        // The bonus cannot lift a 94.5 over the line.
        Assert.Equal(5m, below.Bonus);
        Assert.Equal(19m, at95.SectionScores[1]);
    }

    [Fact]
    public void A_confidentiality_breach_fails_a_perfect_station()
    {
        var vetoed = Changzhou.Evaluate(Scored(i => i.Points, i => i.Points, breach: true)).Result!;
        Assert.Equal((100m, ScorecardVerdict.Vetoed), (vetoed.Score!.Value, vetoed.Verdict));
    }

    [Fact]
    public void A_self_assessed_card_awaits_acceptance_and_half_accepted_cards_are_refused()
    {
        var awaiting = Changzhou.Evaluate(Scored(i => i.Points, _ => null)).Result!;
        Assert.Equal((null, 100m, ScorecardVerdict.AwaitingAcceptance, (string?)null), (awaiting.Score, awaiting.SelfScore!.Value, awaiting.Verdict, awaiting.Bucket));
        Assert.Contains("acceptance scores are given for 1 of 32", Changzhou.Evaluate(Scored(i => i.Points, i => i.Id == "1.1" ? 5 : null)).Error);
    }

    [Fact]
    public void Changzhou_scores_are_checked_against_each_items_points()
    {
        Assert.Contains("more than the item's 2 points", Changzhou.Evaluate(Scored(i => i.Id == "1.2" ? 3 : i.Points, _ => null)).Error);
        Assert.Contains("steps of 0.5", Changzhou.Evaluate(Scored(i => i.Id == "1.2" ? 1.2m : i.Points, _ => null)).Error);
        Assert.Contains("must not be negative", Changzhou.Evaluate(Scored(i => i.Points, i => i.Id == "4.1" ? -1 : i.Points)).Error);
        Assert.Contains("needs a self-assessed score", Changzhou.Evaluate(
            new ScorecardInput("2024", Scored(i => i.Points, _ => null).Items.Where(i => i.Key != "5.9").ToDictionary(), false)).Error);
        Assert.Contains("confidentialityBreach", Changzhou.Evaluate(Scored(i => i.Points, _ => null) with { ConfidentialityBreach = null }).Error);
        Assert.Contains("not graded", Changzhou.Evaluate(
            new ScorecardInput("2024", new Dictionary<string, ItemScore> { ["1.1"] = new("A", null, null) }, false)).Error);
    }

    [Fact]
    public void Rolled_up_counts_move_a_reassessed_unit_between_bands_without_counting_it_twice()
    {
        Contribution Card(string unit, ScorecardResult result, long sequence)
        {
            var values = ScorecardRollup.Submissions(Hebei, unit, result, null)
                .ToDictionary(s => s.Key, s => new OwnValue(s.Numerator, s.Denominator, s.Period.Text, null, sequence, DateTimeOffset.UnixEpoch));
            return OwnContribution.Build(values, Programmes.Programme.Default.Catalog);
        }
        var county = new SubtreeRollup();
        county.ReplaceChild("130102001", 1, Card("130102001", Hebei.Evaluate(Graded(_ => "B")).Result!, 1));
        county.ReplaceChild("130102002", 1, Card("130102002", Hebei.Evaluate(Graded(_ => "A")).Result!, 2));
        var first = ScorecardRollup.Summarise(Hebei, county.Total);
        Assert.Equal((2L, 1L), (first.Applied, first.Passed));
        Assert.Equal([1L, 0, 0, 0, 1], first.Distribution.Select(b => b.Units));

        // The first town is re-assessed and now qualifies.
        county.ReplaceChild("130102001", 2, Card("130102001", Hebei.Evaluate(Graded(i => i.Section == 1 ? "B" : "A")).Result!, 3));
        var second = ScorecardRollup.Summarise(Hebei, county.Total);
        Assert.Equal((2L, 2L), (second.Applied, second.Passed));
        Assert.Equal([0L, 0, 0, 0, 2], second.Distribution.Select(b => b.Units));
    }
}
