namespace KpiMesh.Domain.Submissions;

public enum SubmissionOutcome
{
    /// <summary>The value replaced what the unit held.</summary>
    Applied,

    /// <summary>A retry of a submission already applied (same id, same body): success, nothing changes.</summary>
    Duplicate,

    /// <summary>Valid, but for a period older than the one held, so it does not overwrite it.</summary>
    Superseded,

    /// <summary>The id was already used for a different body: rejected, so a client bug cannot pass as a retry.</summary>
    IdConflict,
}
