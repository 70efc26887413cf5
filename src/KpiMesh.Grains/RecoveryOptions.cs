namespace KpiMesh.Grains;

/// <summary>How often the recovery checkpoint advances (durable mode; see <c>Checkpointer</c> and README "Recovery").</summary>
public sealed class RecoveryOptions
{
    public const string Section = "Recovery";

    /// <summary>
    /// A start replays the log rows written since the last checkpoint, so this bounds a restart's work to about this
    /// long of ingest (plus one round). Each round costs one grain call per unit on the changed paths and one state
    /// write per unit that changed. Zero turns checkpoints off: every start then replays the whole log.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Log rows one checkpoint round (and one page of a replay) takes at most, which bounds their memory.</summary>
    public int RowsPerRound { get; set; } = 200_000;
}
