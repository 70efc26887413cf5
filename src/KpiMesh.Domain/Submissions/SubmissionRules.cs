namespace KpiMesh.Domain.Submissions;

/// <summary>How a unit decides what a submission does to the value it holds (API.md "Submit").</summary>
public static class SubmissionRules
{
    /// <param name="fingerprintOfId">The fingerprint already stored for the submission's id at this unit, if any.</param>
    public static SubmissionOutcome Decide(OwnValue? current, ValidSubmission incoming, string? fingerprintOfId)
    {
        if (fingerprintOfId is not null)
            return fingerprintOfId == incoming.Fingerprint ? SubmissionOutcome.Duplicate : SubmissionOutcome.IdConflict;
        if (current is not null && ReportingPeriod.TryParse(current.Period, out var held) && incoming.Period.CompareTo(held) < 0)
            return SubmissionOutcome.Superseded;
        return SubmissionOutcome.Applied;
    }
}
