using KpiMesh.Abstractions;
using KpiMesh.Domain.Hierarchy;
using Orleans.Core;

namespace KpiMesh.Grains;

/// <summary>
/// The single writer of the hierarchy. An import is planned against everything loaded so far and applied whole,
/// or refused whole with the line that is wrong; a re-import of the same file changes nothing.
/// </summary>
public sealed class HierarchyGrain : Grain, IHierarchyGrain
{
    private IStorage<HierarchyState> _state = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _state = await StoredState.ReadAsync<HierarchyState>(this, "hierarchy");

    /// <summary>
    /// Built at the first import, not at activation: every start's directory sync activates this grain, and only
    /// imports plan against the directory. Building it for the national hierarchy (665,277 units) costs 0.7-0.9 s of
    /// CPU (2.4-3.2 s at nice 19 on this shared 2-core machine) that a cold start waited for, inside an activation that
    /// also reads the whole hierarchy and that Orleans cancels after 30 s (a national cold start at load average 48
    /// had it cancelled at every try).
    /// </summary>
    private UnitDirectory? _directory;

    private UnitDirectory Directory
    {
        get
        {
            if (_directory is null)
            {
                _directory = new UnitDirectory();
                _directory.Apply(_state.State.Entries.Select(e => new UnitRecord(e.Code, e.Name, Parse(e.Level), e.ParentCode)));
            }
            return _directory;
        }
    }

    public async Task<ImportOutcome> Import(HierarchyRowData[] rows)
    {
        var result = HierarchyImportPlanner.Plan(
            rows.Select(r => new HierarchyRow(r.Line, r.Code, r.Name, r.Level, r.ParentCode)).ToList(), Directory);
        if (result.Error is { } error)
            return new ImportOutcome(0, 0, 0, _state.State.Entries.Count, error.Line, error.Message);

        var plan = result.Plan!;
        if (plan.Changes.Count > 0)
        {
            Directory.Apply(plan.Changes);
            _state.State.Entries.AddRange(plan.Changes.Select(u => new UnitEntry(u.Code, u.Name, u.Level.ToWireName(), u.ParentCode)));
            await _state.WriteStateAsync();
        }
        return new ImportOutcome(plan.Added, plan.Renamed, plan.Unchanged, _state.State.Entries.Count, 0, null);
    }

    public Task<UnitEntryBatch> GetSince(int version, int max)
    {
        var entries = _state.State.Entries;
        var from = Math.Clamp(version, 0, entries.Count);
        var count = Math.Min(Math.Max(max, 1), entries.Count - from);
        return Task.FromResult(new UnitEntryBatch(entries.GetRange(from, count).ToArray(), from + count, from + count < entries.Count));
    }

    public Task<int> GetVersion() => Task.FromResult(_state.State.Entries.Count);

    private static UnitLevel Parse(string level) =>
        UnitLevels.TryParse(level, out var parsed) ? parsed : throw new InvalidDataException($"stored level {level} is unknown");
}
