using KpiMesh.Abstractions;
using KpiMesh.Domain.Targets;

namespace KpiMesh.Grains;

[GenerateSerializer, Alias("kpimesh.TargetsState")]
public sealed class TargetsState
{
    [Id(0)] public List<ChosenTarget> Chosen { get; set; } = [];
    [Id(1)] public int Version { get; set; }
}

/// <summary>Holds every self-chosen target; judges each new one against what its unit inherits (domain rules).</summary>
public sealed class TargetsGrain([PersistentState("targets", StorageNames.Units)] IPersistentState<TargetsState> state) : Grain, ITargetsGrain
{
    public async Task<string?> Choose(ChosenTarget target, string[] ancestorsNearestFirst)
    {
        var book = ChosenTarget.ToBook(state.State.Chosen);
        var proposed = target.ToSchedule();
        if (book.Resolve(ancestorsNearestFirst, target.Indicator, target.Option) is { } inherited && TargetBook.LaxerThan(proposed, inherited) is { } why)
            return why;
        state.State.Chosen.RemoveAll(c => c.Unit == target.Unit && c.Indicator == target.Indicator && c.Option == target.Option);
        state.State.Chosen.Add(target);
        state.State.Version++;
        await state.WriteStateAsync();
        return null;
    }

    public Task<TargetsSnapshot> GetAll() => Task.FromResult(new TargetsSnapshot(state.State.Version, state.State.Chosen.ToArray()));
}
