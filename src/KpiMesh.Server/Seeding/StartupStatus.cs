namespace KpiMesh.Server.Seeding;

/// <summary>What the start-up load came to, for the process's exit code (a refused <c>--import</c> exits 2).</summary>
public sealed class StartupStatus
{
    private readonly TaskCompletionSource<string?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when loading has finished: null when it went well, else why it failed.</summary>
    public Task<string?> Completion => _done.Task;

    /// <summary>Loading was refused or broke. A stop asked for while loading is not a failure: it exits 0.</summary>
    public bool Failed => _done.Task.IsCompletedSuccessfully && _done.Task.Result is not null && !_stopped;

    private bool _stopped;

    /// <summary>Whether the demo was loaded at this start: only then does the live demo feed run.</summary>
    public bool DemoLoaded { get; private set; }

    internal void LoadedDemo() => DemoLoaded = true;

    internal void Succeeded() => _done.TrySetResult(null);

    internal void Fail(string reason) => _done.TrySetResult(reason);

    internal void Stopped()
    {
        _stopped = true;
        _done.TrySetResult("stopped before loading finished");
    }
}
