namespace KpiMesh.Domain.Scorecards;

/// <summary>
/// One side of a card as sent: the unit's own self-check, or the assessor's on-site scores. Both sides are scored by
/// the same rules; only the assessor's side ever decides a verdict.
/// </summary>
/// <param name="ConfidentialityBreach">Whether a breach of confidentiality happened (a veto in Changzhou's rubric).</param>
public sealed record ScoreInput(IReadOnlyDictionary<string, ItemMark> Items, bool? ConfidentialityBreach);

/// <summary>One item: a grade (Hebei: A or B) or points (Changzhou).</summary>
public sealed record ItemMark(string? Grade, decimal? Points);

/// <summary>A side of a card scored by its rubric.</summary>
/// <param name="Points">Each item's points after the rubric's rules (a breach sets Changzhou's 2.4 to 0).</param>
/// <param name="Total">The points of the sections that count (Changzhou's bonus section 6 is outside it).</param>
/// <param name="Vetoed">A veto item failed (a confidentiality breach): the card does not pass whatever the total.</param>
/// <param name="Bucket">The band of the score distribution the total falls in.</param>
public sealed record ScoreSheet(
    IReadOnlyDictionary<string, decimal> Points,
    decimal Total,
    decimal Bonus,
    IReadOnlyDictionary<int, decimal> SectionScores,
    bool Vetoed,
    bool ReachesPassMark,
    string Bucket)
{
    /// <summary>What the rubric asks to pass: the pass mark reached and no veto.</summary>
    public bool Qualifies => ReachesPassMark && !Vetoed;
}

/// <summary>
/// Why a side of a card could not be scored. <see cref="Missing"/> lists the items nobody marked: an incomplete card is
/// refused, never scored as if those items were worth 0 (seed 001: a site "应具备以下条件", all of them).
/// </summary>
public sealed record ScoreRefusal(string Detail, IReadOnlyList<string> Missing)
{
    public bool Incomplete => Missing.Count > 0;
}
