namespace KpiMesh.Server.Services;

public sealed record RejectedItem(int Index, string Error);

/// <param name="Accepted">Items taken (applied, retried duplicates, and valid ones for an older period).</param>
/// <param name="Duplicates">Of the accepted, retries of an id already in the submission log (nothing new stored).</param>
/// <param name="Superseded">Of the accepted, those for a period older than the one held, which changed nothing.</param>
/// <param name="Denied">Set when the whole batch was refused because the caller may not write for one of its units.</param>
public sealed record SubmissionResult(int Accepted, int Applied, int Duplicates, int Superseded, IReadOnlyList<RejectedItem> Rejected, string? Denied = null)
{
    public static SubmissionResult Refused(string reason) => new(0, 0, 0, 0, [], reason);
}
