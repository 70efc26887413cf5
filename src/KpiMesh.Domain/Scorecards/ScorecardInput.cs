namespace KpiMesh.Domain.Scorecards;

/// <summary>A unit's filled-in scorecard as sent. Each rubric reads the parts it defines and refuses the rest.</summary>
/// <param name="ConfidentialityBreach">Whether a breach of confidentiality happened (a veto in Changzhou's rubric).</param>
public sealed record ScorecardInput(string? Period, IReadOnlyDictionary<string, ItemScore> Items, bool? ConfidentialityBreach);

/// <summary>One item: a grade (Hebei: A or B) or points (Changzhou: self-assessed and acceptance).</summary>
public sealed record ItemScore(string? Grade, decimal? Self, decimal? Acceptance);
