namespace KpiMesh.Abstractions;

/// <summary>
/// A unit's latest card under one rubric, kept so it can be read back item by item. Key: "{unit}/{rubric}".
/// The rolled-up counts live in the unit grains; this only holds the card itself.
/// </summary>
public interface IScorecardGrain : IGrainWithStringKey
{
    /// <summary>Keeps the card unless the one held is for a later period (the same rule as for values).</summary>
    Task<bool> Keep(ScorecardCard card);

    Task<ScorecardCard?> Get();

    static string KeyOf(string unit, string rubric) => $"{unit}/{rubric}";
}

[GenerateSerializer, Immutable, Alias("kpimesh.ScorecardItemScore")]
public sealed record ScorecardItemScore(
    [property: Id(0)] string Item, [property: Id(1)] string? Grade, [property: Id(2)] decimal? Self, [property: Id(3)] decimal? Acceptance);

[GenerateSerializer, Immutable, Alias("kpimesh.ScorecardCard")]
public sealed record ScorecardCard(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Scorecard,
    [property: Id(2)] string Period,
    [property: Id(3)] decimal? Score,
    [property: Id(4)] decimal? SelfScore,
    [property: Id(5)] decimal Bonus,
    [property: Id(6)] string Verdict,
    [property: Id(7)] string? Bucket,
    [property: Id(8)] Dictionary<int, decimal> SectionScores,
    [property: Id(9)] ScorecardItemScore[] Items,
    [property: Id(10)] bool? ConfidentialityBreach,
    [property: Id(11)] string SubmittedBy,
    [property: Id(12)] DateTimeOffset ReceivedAt);
