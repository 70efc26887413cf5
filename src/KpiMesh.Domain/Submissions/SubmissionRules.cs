namespace KpiMesh.Domain.Submissions;

/// <summary>What a submission did (<c>Outcome</c>) and what the unit holds afterwards (<c>Held</c>; null when that does not change).</summary>
public readonly record struct SubmissionEffect(SubmissionOutcome Outcome, OwnValue? Held);

/// <summary>How a unit decides what a submission does to the value it holds (API.md "Submit").</summary>
public static class SubmissionRules
{
    /// <summary>
    /// The one entry point: the outcome of a submission and, unless it is a retry or an id conflict, the value the
    /// unit holds after it.
    /// </summary>
    /// <param name="sequence">The incoming submission's place in the submission log.</param>
    /// <param name="fingerprintOfId">The fingerprint (<see cref="ValidSubmission.FingerprintDigest"/>) already stored for the submission's id at this unit, if any.</param>
    public static SubmissionEffect Apply(OwnValue? current, ValidSubmission incoming, long sequence, ulong? fingerprintOfId, DateTimeOffset receivedAt)
    {
        var outcome = Decide(current, incoming, sequence, fingerprintOfId);
        return outcome is SubmissionOutcome.Applied or SubmissionOutcome.Superseded
            ? new SubmissionEffect(outcome, Next(current, incoming, sequence, receivedAt))
            : new SubmissionEffect(outcome, null);
    }

    /// <summary>
    /// A later submission replaces the value held; "later" means a later period, or the same period and a later place
    /// in the submission log. Ordering by the log rather than by arrival is what lets the log be replayed after a
    /// crash without an old row ever overwriting a newer value.
    /// </summary>
    private static SubmissionOutcome Decide(OwnValue? current, ValidSubmission incoming, long sequence, ulong? fingerprintOfId)
    {
        if (fingerprintOfId is not null)
            return fingerprintOfId == incoming.FingerprintDigest ? SubmissionOutcome.Duplicate : SubmissionOutcome.IdConflict;
        if (current is null || !ReportingPeriod.TryParse(current.Period, out var held)) return SubmissionOutcome.Applied;
        var byPeriod = incoming.Period.CompareTo(held);
        return byPeriod < 0 || (byPeriod == 0 && sequence < current.Sequence) ? SubmissionOutcome.Superseded : SubmissionOutcome.Applied;
    }

    /// <summary>
    /// What the unit holds after a submission that was not a duplicate, or null when nothing changes. Besides the
    /// latest value it keeps the latest value of an earlier period, chosen by the same order, so the pair is the
    /// same whatever order the submissions arrive in (replays and reordering included).
    /// </summary>
    private static OwnValue? Next(OwnValue? current, ValidSubmission incoming, long sequence, DateTimeOffset receivedAt)
    {
        var fresh = new OwnValue(incoming.Numerator, incoming.Denominator, incoming.Period.Text, incoming.Id, sequence, receivedAt);
        if (current is null || !ReportingPeriod.TryParse(current.Period, out var held)) return fresh;
        var byPeriod = incoming.Period.CompareTo(held);
        if (byPeriod > 0) return fresh with { Previous = new PriorValue(current.Numerator, current.Period, current.Sequence) };
        if (byPeriod == 0) return sequence >= current.Sequence ? fresh with { Previous = current.Previous } : null;
        if (current.Previous is { } previous && ReportingPeriod.TryParse(previous.Period, out var before))
        {
            var thanPrevious = incoming.Period.CompareTo(before);
            if (thanPrevious < 0 || (thanPrevious == 0 && sequence <= previous.Sequence)) return null;
        }
        return current with { Previous = new PriorValue(incoming.Numerator, incoming.Period.Text, sequence) };
    }
}
