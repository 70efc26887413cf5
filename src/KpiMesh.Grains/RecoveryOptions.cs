namespace KpiMesh.Grains;

/// <summary>How often the recovery checkpoint advances and how far it may trail the log (durable mode; see <c>Checkpointer</c>, <c>CheckpointLag</c> and README "Recovery").</summary>
public sealed class RecoveryOptions
{
    public const string Section = "Recovery";

    /// <summary>
    /// A start replays the log rows written since the last checkpoint, so this bounds a restart's work to about this
    /// long of ingest (plus one round) while rounds keep up, and <see cref="MaxLagRows"/> when they do not. Each round
    /// costs one grain call per unit on the changed paths and one state write per unit that changed. Zero turns
    /// checkpoints off: every start then replays the whole log (and nothing bounds the lag).
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Log rows one checkpoint round (and one page of a replay) takes at most, which bounds their memory.</summary>
    public int RowsPerRound { get; set; } = 200_000;

    /// <summary>
    /// The most log rows the checkpoint may trail by: beyond it submissions are refused (429, <c>CheckpointLag</c>)
    /// until a round catches up, so a cold start replays at most about this many rows whatever the log's length and
    /// however fast ingest ran (a few more: the batches already past the check). 20,000 because a cold replay ran at
    /// 5,000 rows/s in the national benchmark (3 processes) and at 710-2,600 rows/s in one process on a 2-core machine
    /// loaded by other work (Hebei): 4 s there, 8-28 s here, leaving the rest of the 30 s goal to the silo's start
    /// and the hierarchy sync. A smaller bound makes smaller rounds, whose ancestors are written once per round.
    /// Zero turns the bound off.
    /// </summary>
    public long MaxLagRows { get; set; } = 20_000;
}
