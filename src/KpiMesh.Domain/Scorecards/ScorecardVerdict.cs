namespace KpiMesh.Domain.Scorecards;

public enum ScorecardVerdict
{
    Passed,
    Failed,

    /// <summary>Failed by a veto item (a confidentiality breach) whatever the score.</summary>
    Vetoed,

    /// <summary>Self-assessed and applied; the acceptance scores are not in yet.</summary>
    AwaitingAcceptance,
}

public static class ScorecardVerdicts
{
    public static string ToWireName(this ScorecardVerdict verdict) => verdict switch
    {
        ScorecardVerdict.AwaitingAcceptance => "awaiting_acceptance",
        _ => verdict.ToString().ToLowerInvariant(),
    };
}
