namespace KpiMesh.Grains;

/// <summary>
/// How a graceful stop (SIGTERM, Ctrl+C, a pod deleted) spends its time; Kubernetes kills the process 30 s after
/// SIGTERM (README "Stopping").
/// </summary>
public sealed class StopOptions
{
    public const string Section = "Stop";

    /// <summary>
    /// How long a unit leaving (any deactivation) still reports to its parent and saves state; while the process stops,
    /// counted from the stop's start, after which units leave without either. Grain state is a cache of the submission
    /// log: the checkpoint and the replay at the next start give a unit what a skipped save or report held. Not used
    /// in the embedded default, whose state dies with the process (nothing is sent or saved on the way out there).
    /// It must stay below Orleans' deactivation timeout (30 s), which cancels a unit still busy leaving with an error.
    /// </summary>
    public TimeSpan SaveBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The host's shutdown timeout: the whole stop of the hosted services, Orleans' silo last. When it passes, Orleans
    /// stops waiting for the activations still to deactivate: they leave without unregistering from the grain
    /// directory (the other silos drop this silo's entries when it is declared dead, which it does itself on the way
    /// out), and the silo goes on to leave the cluster. A second or so for that follows this (several at national scale).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}
