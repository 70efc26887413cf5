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
    /// however fast ingest ran (plus the batches already past the check: a rolling restart, during which rounds cannot
    /// commit, ends at the bound). 10,000 because a cold start's replay costs about a millisecond of CPU per unit it
    /// activates (its state read and first write): the national benchmark at 20,000 replayed 20,500 rows in 23.5 s and
    /// was ready in 30.7 s, past the 30 s goal; one national process (published, 2026-12-07) was ready 17.1 s after a
    /// kill at 12,500 rows (10,931 units) and 17.7-24.3 s at 16,500 (14,397 units). Sustained ingest is held by how fast
    /// rounds persist state, not by the bound, so a smaller bound means more, shorter pauses rather than a lower rate
    /// (one national process, 90 s: 910-950 values/s at 15,000 and 20,000). Zero turns the bound off.
    /// </summary>
    public long MaxLagRows { get; set; } = 10_000;
}
