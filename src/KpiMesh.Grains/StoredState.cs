using Microsoft.Extensions.DependencyInjection;
using Orleans.Core;
using Orleans.Storage;

namespace KpiMesh.Grains;

/// <summary>
/// A grain's state in <see cref="StorageNames.Units"/>, read by the grain's OnActivateAsync instead of in Orleans'
/// activation lifecycle, where <c>[PersistentState]</c> reads it. Orleans cancels an activation still starting when it
/// deactivates it: on a silo that stops, and on every other silo for the activations whose grain directory entry the
/// stopping silo held (<c>LocalGrainDirectory.OnSiloStatusChange</c>). Cancelled in the lifecycle, each one logged two
/// errors with a stack trace ("Error starting lifecycle", "Error activating grain"): 42 on the survivors of a national
/// rolling restart (bench/national.sh), 120 for 60 activations in <c>SiloStopTests</c>, with reads held up while one of
/// three silos stops. Cancelled in OnActivateAsync, Orleans takes it as what it is, one line at Information, and
/// forwards the calls waiting for the unit to a new activation, as it does either way.
/// </summary>
internal static class StoredState
{
    public static async Task<IStorage<T>> ReadAsync<T>(Grain grain, string name)
    {
        var context = grain.GrainContext;
        var storage = new StateStorageBridge<T>(name, context, context.ActivationServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Units));
        await storage.ReadStateAsync();
        return storage;
    }
}
