namespace KpiMesh.Domain.Scorecards;

/// <param name="Id">"section.item" as the seed numbers it (renumbered where the seed repeats a number).</param>
/// <param name="Points">The most the item can earn.</param>
public sealed record ScorecardItem(string Id, int Section, string Title, decimal Points);

/// <param name="CountsTowardsTotal">False for a bonus section, which is shown but never decides the verdict.</param>
public sealed record ScorecardSection(int Number, string Title, decimal Points, bool CountsTowardsTotal = true);

/// <summary>A band of the score distribution; <see cref="From"/> is inclusive, <see cref="Below"/> exclusive.</summary>
public sealed record ScoreBucket(string Name, decimal From, decimal Below)
{
    public bool Holds(decimal score) => score >= From && score < Below;
}
