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
    /// however fast ingest ran (a few more: the batches already past the check). 15,000 because at 20,000 the national
    /// benchmark's cold start (bench/run.sh, 2026-12-06) replayed 20,500 rows in 23.5 s (hierarchy sync 3.1 s, rows
    /// 12.5 s, re-reports 7.8 s: about 1,000 rows/s with each activation's state read and first write) and was ready
    /// in 30.7 s, past the 30 s goal; the silo's start took the other 7 s. Sustained ingest is held by how fast rounds
    /// persist state, not by the bound, so a smaller bound means more, shorter pauses rather than a lower rate (one
    /// national process, 90 s: 910-950 values/s either way). Zero turns the bound off.
    /// </summary>
    public long MaxLagRows { get; set; } = 15_000;
}
