namespace KpiMesh.Domain.Submissions;

/// <summary>What a client-chosen idempotency id may be, wherever one is accepted.</summary>
public static class SubmissionIds
{
    /// <param name="maxLength">Shorter than <see cref="SubmissionValidator.MaxIdLength"/> where derived values append a suffix.</param>
    public static string? Problem(string? id, int maxLength = SubmissionValidator.MaxIdLength) =>
        id is null || (id.Length is > 0 && id.Length <= maxLength && !id.Any(char.IsControl)) ? null
        : $"id must be 1 to {maxLength} printable characters";
}
