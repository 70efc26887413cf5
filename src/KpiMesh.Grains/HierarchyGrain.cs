using KpiMesh.Abstractions;
using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Grains;

/// <summary>
/// The single writer of the hierarchy. An import is planned against everything loaded so far and applied whole,
/// or refused whole with the line that is wrong; a re-import of the same file changes nothing.
/// </summary>
public sealed class HierarchyGrain(
    [PersistentState("hierarchy", StorageNames.Units)] IPersistentState<HierarchyState> state) : Grain, IHierarchyGrain
{
    private readonly UnitDirectory _directory = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _directory.Apply(state.State.Entries.Select(e => new UnitRecord(e.Code, e.Name, Parse(e.Level), e.ParentCode)));
        return Task.CompletedTask;
    }

    public async Task<ImportOutcome> Import(HierarchyRowData[] rows)
    {
        var result = HierarchyImportPlanner.Plan(
            rows.Select(r => new HierarchyRow(r.Line, r.Code, r.Name, r.Level, r.ParentCode)).ToList(), _directory);
        if (result.Error is { } error)
            return new ImportOutcome(0, 0, 0, state.State.Entries.Count, error.Line, error.Message);

        var plan = result.Plan!;
        if (plan.Changes.Count > 0)
        {
            _directory.Apply(plan.Changes);
            state.State.Entries.AddRange(plan.Changes.Select(u => new UnitEntry(u.Code, u.Name, u.Level.ToWireName(), u.ParentCode)));
            await state.WriteStateAsync();
        }
        return new ImportOutcome(plan.Added, plan.Renamed, plan.Unchanged, state.State.Entries.Count, 0, null);
    }

    public Task<UnitEntryBatch> GetSince(int version, int max)
    {
        var entries = state.State.Entries;
        var from = Math.Clamp(version, 0, entries.Count);
        var count = Math.Min(Math.Max(max, 1), entries.Count - from);
        return Task.FromResult(new UnitEntryBatch(entries.GetRange(from, count).ToArray(), from + count, from + count < entries.Count));
    }

    public Task<int> GetVersion() => Task.FromResult(state.State.Entries.Count);

    private static UnitLevel Parse(string level) =>
        UnitLevels.TryParse(level, out var parsed) ? parsed : throw new InvalidDataException($"stored level {level} is unknown");
}
