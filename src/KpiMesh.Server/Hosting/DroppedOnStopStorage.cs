using Orleans.Storage;

namespace KpiMesh.Server.Hosting;

/// <summary>
/// The embedded default's grain storage: Orleans' memory storage while the process runs (a unit deactivated for
/// idleness comes back with its state), and nothing at all once the process is stopping. Everything in memory is
/// dropped with the process anyway, and the memory storage grains are themselves being deactivated then, so letting
/// 57,000 units save on the way out only made Ctrl+C take the 30 s host timeout and write 270 MB of failures.
/// </summary>
internal sealed class DroppedOnStopStorage(IGrainStorage memory, IHostApplicationLifetime lifetime) : IGrainStorage
{
    public static void Add(ISiloBuilder silo, string name) =>
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, key) => new DroppedOnStopStorage(
            MemoryGrainStorageFactory.Create(services, (string)key!), services.GetRequiredService<IHostApplicationLifetime>()));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        memory.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        lifetime.ApplicationStopping.IsCancellationRequested ? Task.CompletedTask : memory.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        lifetime.ApplicationStopping.IsCancellationRequested ? Task.CompletedTask : memory.ClearStateAsync(stateName, grainId, grainState);
}
