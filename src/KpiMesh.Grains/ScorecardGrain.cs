using KpiMesh.Abstractions;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Grains;

[GenerateSerializer, Alias("kpimesh.ScorecardState")]
public sealed class ScorecardState
{
    [Id(0)] public ScorecardCard? Card { get; set; }
}

/// <summary>Holds one unit's latest card under one rubric.</summary>
public sealed class ScorecardGrain([PersistentState("scorecard", StorageNames.Units)] IPersistentState<ScorecardState> state)
    : Grain, IScorecardGrain
{
    public async Task<bool> Keep(ScorecardCard card)
    {
        if (state.State.Card is { } held && ReportingPeriod.TryParse(held.Period, out var heldPeriod)
            && ReportingPeriod.TryParse(card.Period, out var period) && period.CompareTo(heldPeriod) < 0)
            return false;
        state.State.Card = card;
        await state.WriteStateAsync();
        return true;
    }

    public Task<ScorecardCard?> Get() => Task.FromResult(state.State.Card);
}
