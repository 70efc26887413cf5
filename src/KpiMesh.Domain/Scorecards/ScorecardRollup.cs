using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Scorecards;

/// <summary>
/// How scorecards roll up: a unit's latest card becomes a set of 0/1 series (applied, passed, vetoed, awaiting, and
/// one per score band) that sum like any other series, so every level reads how many units applied, passed, and how
/// the scores spread. Every series is written each time, zeros included, so a re-assessed card moves the unit from
/// one band to another instead of counting it in both.
/// </summary>
public static class ScorecardRollup
{
    public const string Applied = "applied";
    public const string Passed = "passed";
    public const string Vetoed = "vetoed";
    public const string AwaitingAcceptance = "awaiting_acceptance";

    /// <summary>The series name; kept out of the indicator catalog, so it cannot be submitted directly.</summary>
    public static string SeriesOf(IScorecardRubric rubric) => $"scorecard.{rubric.Id}";

    public static IEnumerable<string> Options(IScorecardRubric rubric) =>
        new[] { Applied, Passed, Vetoed, AwaitingAcceptance }.Concat(rubric.Buckets.Select(b => b.Name));

    public static IReadOnlyList<ValidSubmission> Submissions(IScorecardRubric rubric, string unit, ScorecardResult result, string? id)
    {
        ReportingPeriod.TryParse(result.Period, out var period);
        bool Holds(string option) => option switch
        {
            Applied => true,
            Passed => result.Verdict == ScorecardVerdict.Passed,
            Vetoed => result.Verdict == ScorecardVerdict.Vetoed,
            AwaitingAcceptance => result.Verdict == ScorecardVerdict.AwaitingAcceptance,
            _ => result.Bucket == option,
        };
        return Options(rubric).Select(option => new ValidSubmission(unit, new RollupKey(SeriesOf(rubric), option), Holds(option) ? 1 : 0, 1,
            period, id is null ? null : $"{id}#{option}")).ToList();
    }

    /// <summary>What a level shows: counts of units, read back from its rolled-up total.</summary>
    public static ScorecardSummary Summarise(IScorecardRubric rubric, Contribution total)
    {
        var series = SeriesOf(rubric);
        long Count(string option) => total[new RollupKey(series, option)].Numerator;
        return new ScorecardSummary(rubric.Id, Count(Applied), Count(Passed), Count(Vetoed), Count(AwaitingAcceptance),
            rubric.Buckets.Select(b => new ScoreBand(b.Name, b.From, b.Below, Count(b.Name))).ToList());
    }
}

public sealed record ScoreBand(string Name, decimal From, decimal Below, long Units);

public sealed record ScorecardSummary(
    string Scorecard, long Applied, long Passed, long Vetoed, long AwaitingAcceptance, IReadOnlyList<ScoreBand> Distribution);
