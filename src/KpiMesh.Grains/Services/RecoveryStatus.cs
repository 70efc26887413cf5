namespace KpiMesh.Grains.Services;

/// <summary>
/// Whether this process has finished replaying the submission log since it started, and whether it may serve before
/// that (readiness waits for one or the other; checkpoint rounds wait for the replay).
/// </summary>
public sealed class RecoveryStatus
{
    private readonly TaskCompletionSource<LogReconciler.Report> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _joinedLiveCluster;

    public Task<LogReconciler.Report> Completion => _done.Task;

    public bool IsDone => _done.Task.IsCompletedSuccessfully;

    /// <summary>
    /// This process started beside silos that were already serving, so its replay runs in the background: what it
    /// repairs (units whose silo died) is being served by those silos meanwhile, whether this process answers or not.
    /// </summary>
    public bool JoinedLiveCluster => _joinedLiveCluster;

    internal void Done(LogReconciler.Report report) => _done.TrySetResult(report);

    internal void Joined() => _joinedLiveCluster = true;
}
