using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Scorecards;

/// <summary>One assessment rubric from the seeds: its items, its pass mark, who may apply and who assesses.</summary>
public interface IScorecardRubric
{
    string Id { get; }
    string Title { get; }
    string Source { get; }
    IReadOnlyList<ScorecardSection> Sections { get; }
    IReadOnlyList<ScorecardItem> Items { get; }
    decimal PassMark { get; }
    IReadOnlyList<ScoreBucket> Buckets { get; }

    /// <summary>The unit levels that may apply under this rubric, and the seed sentence that says so.</summary>
    IReadOnlySet<UnitLevel> EligibleLevels { get; }
    string EligibilitySource { get; }

    /// <summary>
    /// The level whose assessors score on site and decide. An assessor must be scoped at this level or above: one scoped
    /// inside the applicant's own line below it would be assessing its own subtree.
    /// </summary>
    UnitLevel AssessingLevel { get; }
    string AssessingSource { get; }

    /// <summary>Scores one side of a card, or says what is missing or wrong (nothing is kept for a refused side).</summary>
    (ScoreSheet? Sheet, ScoreRefusal? Refusal) Score(ScoreInput input);
}
