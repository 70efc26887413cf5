namespace KpiMesh.Grains.Services;

/// <summary>Whether this process has finished replaying the submission log since it started (readiness waits for it).</summary>
public sealed class RecoveryStatus
{
    private readonly TaskCompletionSource<LogReconciler.Report> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<LogReconciler.Report> Completion => _done.Task;

    public bool IsDone => _done.Task.IsCompletedSuccessfully;

    internal void Done(LogReconciler.Report report) => _done.TrySetResult(report);
}
