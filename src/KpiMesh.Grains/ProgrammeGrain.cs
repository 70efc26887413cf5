using KpiMesh.Abstractions;
using KpiMesh.Domain.Attributes;
using KpiMesh.Domain.Programmes;
using Orleans.Core;

namespace KpiMesh.Grains;

/// <summary>
/// Holds the programme and the unit attributes (grain state: PostgreSQL in durable mode, memory when embedded). It
/// judges every change against the hierarchy with the domain's rules before storing it, so a refused change leaves
/// nothing behind, and two administrators changing it at once cannot overwrite each other (expected version).
/// </summary>
public sealed class ProgrammeGrain(SiloUnitDirectory directory) : Grain, IProgrammeGrain
{
    private IStorage<ProgrammeState> _state = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _state = await StoredState.ReadAsync<ProgrammeState>(this, "programme");

    public Task<ProgrammeSnapshot?> GetIfNewer(int version, int attributesVersion) =>
        Task.FromResult(version == _state.State.Version && attributesVersion == _state.State.AttributesVersion ? null
            : new ProgrammeSnapshot(_state.State.Version, _state.State.Document, _state.State.AttributesVersion, _state.State.Attributes.ToArray()));

    public async Task<ProgrammeOutcome> Replace(string document, int expectedVersion)
    {
        if (expectedVersion != _state.State.Version) return new ProgrammeOutcome(_state.State.Version, true, []);
        // Judged against the whole current hierarchy, not this silo's copy as of its last throttled catch-up: a scope
        // on a unit imported a moment ago (through another silo) must be found. Programme writes are rare; one sync is cheap.
        await directory.SyncAsync();
        var (programme, problems) = directory.Read(d => Programme.Parse(document, d));
        if (programme is null) return new ProgrammeOutcome(_state.State.Version, false, problems.Select(p => new ProblemData(p.Path, p.Message)).ToArray());
        var version = _state.State.Version + 1;
        _state.State.Document = (programme.Document with { Version = version }).ToJson();
        _state.State.Version = version;
        await _state.WriteStateAsync();
        return new ProgrammeOutcome(version, false, []);
    }

    public async Task<string[]> AddAttributes(string csv)
    {
        await directory.SyncAsync(); // as for a programme: every unit imported so far
        var held = _state.State.Attributes.Select(a => new AttributeEntry(a.Code, a.Attribute, a.Year, a.Value)).ToList();
        var (merged, problems) = directory.Read(d => AttributeBook.Merge(held, csv, d));
        if (problems.Count > 0) return problems.ToArray();
        _state.State.Attributes = merged.Select(e => new AttributeData(e.Code, e.Attribute, e.Year, e.Value)).ToList();
        _state.State.AttributesVersion++;
        await _state.WriteStateAsync();
        return [];
    }
}
