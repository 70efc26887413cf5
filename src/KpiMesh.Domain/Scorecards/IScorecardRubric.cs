namespace KpiMesh.Domain.Scorecards;

/// <summary>One assessment rubric from the seeds: its items, its pass mark and how a filled-in card is judged.</summary>
public interface IScorecardRubric
{
    string Id { get; }
    string Title { get; }
    string Source { get; }
    IReadOnlyList<ScorecardSection> Sections { get; }
    IReadOnlyList<ScorecardItem> Items { get; }
    decimal PassMark { get; }
    IReadOnlyList<ScoreBucket> Buckets { get; }

    /// <summary>The verdict, or the first thing wrong with the card (nothing is stored for a refused card).</summary>
    (ScorecardResult? Result, string? Error) Evaluate(ScorecardInput input);
}
