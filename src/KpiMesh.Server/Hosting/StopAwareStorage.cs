using KpiMesh.Grains.Services;
using Orleans.Storage;

namespace KpiMesh.Server.Hosting;

/// <summary>
/// Grain storage that knows the process is stopping. When it stops, Orleans deactivates every unit, and each saves
/// its state: 57,000 saves for the Hebei demo, which took longer than the host's 30 s stop timeout (and Kubernetes'
/// grace), after which the rest were cancelled with a <c>fail:</c> entry and a stack trace each (measured: 36 s and
/// 38,716 entries in memory, 55 s and 24,417 on PostgreSQL). So while stopping, saves are made only for
/// <see cref="KpiMesh.Grains.StopOptions.SaveBudget"/>, then skipped, which is safe because grain state is a cache of the submission log: the log
/// replay at the next start gives a unit whatever its last save missed. In the embedded default the budget is zero
/// (<see cref="ProcessStop.Budget"/>),
/// since memory dies with the process anyway (and the memory storage grains are being deactivated themselves).
/// </summary>
internal sealed class StopAwareStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IGrainStorage inner;
    private readonly ILogger logger;

    private StopAwareStorage(IGrainStorage inner, ProcessStop stop, ILogger logger)
    {
        this.inner = inner;
        this.stop = stop;
        this.logger = logger;
    }

    private readonly ProcessStop stop;
    private int _skipped;

    /// <summary>Wraps the storage <paramref name="name"/> registered by <paramref name="create"/> (its provider's factory).</summary>
    public static void Wrap(ISiloBuilder silo, string name, Func<IServiceProvider, string, IGrainStorage> create) =>
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, key) => new StopAwareStorage(
            create(services, (string)key!), services.GetRequiredService<ProcessStop>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("KpiMesh")));

    /// <summary>The provider's own start-up (PostgreSQL's reads its queries) still runs: its registration resolves this wrapper.</summary>
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Saves() ? inner.WriteStateAsync(stateName, grainId, grainState) : Task.CompletedTask;

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Saves() ? inner.ClearStateAsync(stateName, grainId, grainState) : Task.CompletedTask;

    private bool Saves()
    {
        if (!stop.PastBudget) return true;
        // One line for the operator, not one per unit.
        if (Interlocked.Increment(ref _skipped) == 1 && stop.Budget > TimeSpan.Zero)
            logger.LogWarning("Stopping: units still saving state after {Budget} s are not saved; the log replay at the next start restores them",
                stop.Budget.TotalSeconds);
        return false;
    }
}
