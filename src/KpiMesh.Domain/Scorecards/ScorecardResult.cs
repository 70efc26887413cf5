namespace KpiMesh.Domain.Scorecards;

/// <summary>A scorecard as the domain judged it.</summary>
/// <param name="Score">The score that decides the verdict (Changzhou: the acceptance score; null while awaited).</param>
/// <param name="SelfScore">The self-assessed score, where the rubric has one.</param>
/// <param name="Bonus">Points of a bonus section, outside the score.</param>
/// <param name="Bucket">The band of the distribution the score falls in; null while there is no deciding score.</param>
public sealed record ScorecardResult(
    string Scorecard,
    string Period,
    decimal? Score,
    decimal? SelfScore,
    decimal Bonus,
    IReadOnlyDictionary<int, decimal> SectionScores,
    ScorecardVerdict Verdict,
    string? Bucket);
