namespace KpiMesh.Grains.Log;

/// <summary>
/// Submissions are paused: the log holds more rows above the recovery checkpoint than a start may replay in time
/// (<see cref="RecoveryOptions.MaxLagRows"/>). Nothing of the request was applied; the gateway answers 429.
/// </summary>
public sealed class IngestStalledException(long rowsAboveCheckpoint, long maxLagRows, TimeSpan retryAfter)
    : Exception($"the submission log holds {rowsAboveCheckpoint} rows above the recovery checkpoint, more than the {maxLagRows} a restart may replay (Recovery:MaxLagRows); submissions pause until the checkpoint catches up; retry after the Retry-After seconds; nothing was applied")
{
    public long RowsAboveCheckpoint { get; } = rowsAboveCheckpoint;

    public long MaxLagRows { get; } = maxLagRows;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
