using KpiMesh.Abstractions;

namespace KpiMesh.Grains;

/// <summary>
/// References to unit grains without Orleans' per-call type lookup. <c>GetGrain&lt;IUnitGrain&gt;(code)</c> resolves the
/// interface's <see cref="GrainInterfaceType"/> by reflection on every call (custom attributes and type-name parsing,
/// not cached by Orleans 10's <c>GrainFactory</c>). Ingest makes two such calls per value (the gateway applying it,
/// the unit reporting to its parent): 6% of every byte the server allocated under ingest, plus the reflection's CPU
/// (dotnet-trace, bench/analysis.md). The grain type and interface type are fixed for the process, so they are
/// resolved once, the ordinary way, and every reference after is made from them.
/// </summary>
public static class UnitReferences
{
    private sealed record Ids(GrainType Type, GrainInterfaceType Interface);

    private static Ids? s_ids;

    /// <summary>The unit grain of <paramref name="code"/>, the same reference <c>GetGrain&lt;IUnitGrain&gt;(code)</c> makes.</summary>
    public static IUnitGrain Unit(this IGrainFactory grains, string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var ids = s_ids ??= Resolve(grains);
        return (IUnitGrain)grains.GetGrain(GrainId.Create(ids.Type, code), ids.Interface);
    }

    private static Ids Resolve(IGrainFactory grains)
    {
        var sample = (GrainReference)(object)grains.GetGrain<IUnitGrain>("0");
        return new Ids(sample.GrainId.Type, sample.InterfaceType);
    }
}
