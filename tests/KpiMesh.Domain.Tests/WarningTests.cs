using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Tests;

/// <summary>Seed 002's three-colour warning: counts by colour, rolled up, with an alert where red rose since the last period.</summary>
public sealed class WarningTests
{
    private static readonly IndicatorCatalog Catalog = KpiMesh.Domain.Programmes.Programme.Default.Catalog;
    private static readonly SubmissionValidator Validator = new(Catalog, TestHierarchy.Load().Find, _ => []);
    private static readonly DateTimeOffset At = new(2021, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private static ValidSubmission Red(string town, long count, string period) =>
        Validator.Validate(new SubmissionInput(town, "warning_cases", "red", count, null, period, null)).Valid!;

    private static OwnValue? Apply(IEnumerable<(ValidSubmission Submission, long Sequence)> arrivals)
    {
        OwnValue? held = null;
        foreach (var (submission, sequence) in arrivals)
            held = SubmissionRules.Apply(held, submission, sequence, null, At).Held ?? held;
        return held;
    }

    [Fact]
    public void Counts_take_no_denominator_and_are_only_submitted_by_towns()
    {
        Assert.Equal(0, Red("130102001", 7, "2021-11").Denominator);
        string? Error(string unit, double? denominator) =>
            Validator.Validate(new SubmissionInput(unit, "warning_cases", "red", 3, denominator, "2021-11", null)).Error;
        Assert.Contains("omit the denominator", Error("130102001", 5));
        Assert.Contains("not submitted at a village", Error("130102001001", null));
        Assert.Contains("needs an option", Validator.Validate(new SubmissionInput("130102001", "warning_cases", null, 3, null, "2021-11", null)).Error);
    }

    [Fact]
    public void The_previous_period_is_the_same_whatever_order_the_submissions_arrive_in()
    {
        var arrivals = new[] { (Red("130102001", 2, "2021-10"), 1L), (Red("130102001", 5, "2021-11"), 2L), (Red("130102001", 4, "2021-11"), 3L),
            (Red("130102001", 9, "2021-12"), 4L), (Red("130102001", 1, "2021-09"), 5L) };
        var inOrder = Apply(arrivals)!;
        Assert.Equal((9L, "2021-12"), (inOrder.Numerator, inOrder.Period));
        Assert.Equal(new PriorValue(4, "2021-11", 3), inOrder.Previous);
        var random = new Random(7);
        for (var trial = 0; trial < 50; trial++)
        {
            var shuffled = arrivals.OrderBy(_ => random.Next()).ToList();
            var held = Apply(shuffled.Concat(shuffled.Take(2)))!;
            Assert.Equal((inOrder.Numerator, inOrder.Period, inOrder.Previous), (held.Numerator, held.Period, held.Previous));
        }
    }

    [Fact]
    public void A_first_report_is_a_baseline_not_a_rise_and_a_later_rise_raises_the_alert_up_the_tree()
    {
        // Town 1 goes 3 -> 5 red cases; town 2 reports once (4), town 3 (other county) goes 6 -> 2.
        var town1 = Apply([(Red("130102001", 3, "2021-11"), 1), (Red("130102001", 5, "2021-12"), 2)])!;
        var town2 = Apply([(Red("130102002", 4, "2021-12"), 3)])!;
        var town3 = Apply([(Red("130104001", 6, "2021-11"), 4), (Red("130104001", 2, "2021-12"), 5)])!;
        Contribution Own(OwnValue v) => OwnContribution.Build([new(new RollupKey("warning_cases", "red"), v)], Catalog);

        var county1 = new SubtreeRollup();
        county1.ReplaceChild("130102001", 1, Own(town1));
        county1.ReplaceChild("130102002", 1, Own(town2));
        var county2 = new SubtreeRollup();
        county2.ReplaceChild("130104001", 1, Own(town3));
        var city = new SubtreeRollup();
        city.ReplaceChild("130102", 1, county1.Total);
        city.ReplaceChild("130104", 1, county2.Total);

        var builder = new UnitReportBuilder(KpiMesh.Domain.Programmes.Programme.Default, TestHierarchy.Load(), new DateOnly(2022, 1, 5));
        IndicatorRow RedRow(string code, Contribution total) => builder.Build(code, total).Single(r => r is { Indicator: "warning_cases", Option: "red" });
        Assert.Equal((9L, 7L, true), (RedRow("130102", county1.Total).Numerator, RedRow("130102", county1.Total).Previous, RedRow("130102", county1.Total).Alert));
        Assert.Equal((2L, 6L, false), (RedRow("130104", county2.Total).Numerator, RedRow("130104", county2.Total).Previous, RedRow("130104", county2.Total).Alert));
        var atCity = RedRow("1301", city.Total);
        Assert.Equal((11L, 13L, false), (atCity.Numerator, atCity.Previous, atCity.Alert));
        Assert.Null(atCity.Value);
        Assert.Null(builder.Build("1301", city.Total).Single(r => r is { Indicator: "warning_cases", Option: "green" }).Alert);
    }

    [Fact]
    public void The_total_over_colours_counts_a_town_once_and_sums_previous_counts()
    {
        var yellow = Validator.Validate(new SubmissionInput("130102001", "warning_cases", "yellow", 10, null, "2021-12", null)).Valid!;
        var values = new Dictionary<RollupKey, OwnValue>
        {
            [new("warning_cases", "red")] = Apply([(Red("130102001", 3, "2021-11"), 1), (Red("130102001", 5, "2021-12"), 2)])!,
            [new("warning_cases", "yellow")] = Apply([(yellow, 3)])!,
        };
        var total = OwnContribution.Build(values, Catalog)[new RollupKey("warning_cases", null)];
        Assert.Equal(new RollupCell(15, 0, 1, 13), total);
    }

    [Fact]
    public void Warning_counts_have_no_target()
    {
        var (programme, problems) = KpiMesh.Domain.Programmes.Programme.Parse(KpiMesh.Domain.Programmes.Programme.Default.WithTarget("13",
            new KpiMesh.Domain.Programmes.TargetSpec("warning_cases", "red", null, new(new DateOnly(2019, 1, 1), 0), [new(new DateOnly(2021, 12, 31), 5)], "test")).ToJson(), TestHierarchy.Load());
        Assert.Null(programme);
        Assert.Contains("watched for rises", problems.Single().Message);
    }
}
