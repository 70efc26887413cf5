using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Scorecards;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Assessment;

/// <summary>
/// How applications roll up: each application becomes a set of 0/1 series for its year (one per stage, whether an
/// assessor scored it, whether that card qualifies or was vetoed, and one per score band of the on-site card) that sum
/// like any other series. Every option is written at every step, zeros included, so a unit moves from one stage or
/// band to the next instead of counting in both. Self-scores never enter these series. A unit ever named counts once
/// in a series of its own, so "named in total" survives the years.
/// </summary>
public static class AssessmentRollup
{
    /// <summary>Scored on site at least once, whatever the stage now ("assessed" is the name of a stage).</summary>
    public const string Scored = "scored";
    public const string Qualified = "qualified";
    public const string Vetoed = "vetoed";
    public const string Named = "named";

    /// <summary>The series of one year's applications; kept out of the indicator catalog, so it cannot be submitted.</summary>
    public static string SeriesOf(IScorecardRubric rubric, int year) => $"assessment.{rubric.Id}.{year}";

    /// <summary>The series of units ever named under the rubric.</summary>
    public static string NamedSeriesOf(IScorecardRubric rubric) => $"assessment.{rubric.Id}";

    public static IEnumerable<string> Options(IScorecardRubric rubric) => ApplicationStages.WireNames
        .Concat([Scored, Qualified, Vetoed]).Concat(rubric.Buckets.Select(b => b.Name));

    public static IReadOnlyList<ValidSubmission> Submissions(IScorecardRubric rubric, AssessmentApplication app)
    {
        var year = app.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ReportingPeriod.TryParse(year, out var period);
        var onSite = app.OnSite is null ? null : rubric.Score(app.OnSite).Sheet;
        bool Holds(string option) => option switch
        {
            Scored => onSite is not null,
            Qualified => onSite is { Qualifies: true },
            Vetoed => onSite is { Vetoed: true },
            _ when ApplicationStages.TryParse(option, out var stage) => app.Stage == stage,
            _ => onSite?.Bucket == option,
        };
        var series = SeriesOf(rubric, app.Year);
        var rows = Options(rubric).Select(option => new ValidSubmission(app.Unit, new RollupKey(series, option), Holds(option) ? 1 : 0, 1, period, null)).ToList();
        if (app.Stage == ApplicationStage.Named) rows.Add(new ValidSubmission(app.Unit, new RollupKey(NamedSeriesOf(rubric), Named), 1, 1, period, null));
        return rows;
    }

    /// <summary>What a level shows for one year: counts of units, read back from its rolled-up total.</summary>
    public static AssessmentSummary Summarise(IScorecardRubric rubric, int year, Contribution total)
    {
        var series = SeriesOf(rubric, year);
        long Count(string option) => total[new RollupKey(series, option)].Numerator;
        var stages = ApplicationStages.WireNames.ToDictionary(stage => stage, Count);
        var assessed = Count(Scored);
        var qualified = Count(Qualified);
        return new AssessmentSummary(rubric.Id, year, stages.Values.Sum(), stages, assessed, qualified, Count(Vetoed),
            assessed == 0 ? null : (double)qualified / assessed, stages[ApplicationStage.Named.ToWireName()],
            total[new RollupKey(NamedSeriesOf(rubric), Named)].Numerator,
            rubric.Buckets.Select(b => new ScoreBand(b.Name, b.From, b.Below, Count(b.Name))).ToList());
    }
}

public sealed record ScoreBand(string Name, decimal From, decimal Below, long Units);

/// <summary>One rubric's applications in a subtree for one year.</summary>
/// <param name="Applications">Units with an application this year, at any stage.</param>
/// <param name="Assessed">Units an assessor scored on site: the only cards in <see cref="PassRate"/> and the distribution.</param>
/// <param name="Qualified">Assessed units whose on-site card reaches the pass mark without a veto.</param>
/// <param name="PassRate">Qualified / assessed; null when nobody was assessed.</param>
/// <param name="NamedTotal">Units of the subtree ever named under the rubric, any year.</param>
public sealed record AssessmentSummary(
    string Scorecard,
    int Year,
    long Applications,
    IReadOnlyDictionary<string, long> Stages,
    long Assessed,
    long Qualified,
    long Vetoed,
    double? PassRate,
    long NamedThisYear,
    long NamedTotal,
    IReadOnlyList<ScoreBand> Distribution);
