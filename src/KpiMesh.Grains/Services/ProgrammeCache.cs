using KpiMesh.Abstractions;
using KpiMesh.Domain.Attributes;
using KpiMesh.Domain.Programmes;

namespace KpiMesh.Grains.Services;

/// <summary>The programme and the unit attributes this silo judges with.</summary>
/// <param name="HierarchyVersion">The hierarchy the attribute sums were built on: they are rebuilt when it grows.</param>
public sealed record ProgrammeView(Programme Programme, AttributeBook Attributes, int AttributesVersion, int HierarchyVersion = -1);

/// <summary>
/// This silo's copy of the programme and attributes, brought up to date from <see cref="IProgrammeGrain"/> by version
/// (every <see cref="MaxAge"/> by <see cref="ProgrammeSyncService"/>, and at once after a change made here), so reads
/// and grains need no extra grain call and a change reaches every silo within a second.
/// </summary>
public sealed class ProgrammeCache(IGrainFactory grains, SiloUnitDirectory directory, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private volatile ProgrammeView _view = new(Programme.Default, AttributeBook.Empty, 0);
    private DateTimeOffset _fetched = DateTimeOffset.MinValue;
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    /// <summary>The last fetched view, for code that cannot wait (it is at most a refresh old).</summary>
    public ProgrammeView Current => _view;

    /// <summary>Raised after the programme or the attributes changed here (live viewers are sent their rows again).</summary>
    public event Action? Changed;

    public async ValueTask<ProgrammeView> GetAsync()
    {
        if (clock.GetUtcNow() - _fetched < MaxAge) return _view;
        await RefreshAsync();
        return _view;
    }

    public async Task RefreshAsync()
    {
        await _refreshing.WaitAsync();
        try
        {
            var held = _view;
            var snapshot = await grains.GetGrain<IProgrammeGrain>(IProgrammeGrain.Key).GetIfNewer(held.Programme.Version, held.AttributesVersion);
            _fetched = clock.GetUtcNow();
            // Subtree sums follow the hierarchy this silo holds: rebuilt when units arrive after the attributes did.
            var hierarchy = directory.Version;
            if (snapshot is null && hierarchy == held.HierarchyVersion) return;
            var programme = snapshot is null || snapshot.Version == held.Programme.Version ? held.Programme
                : snapshot.Document is null ? Programme.Default : Programme.Load(snapshot.Document);
            var entries = snapshot?.Attributes.Select(a => new AttributeEntry(a.Code, a.Attribute, a.Year, a.Value)).ToList() ?? held.Attributes.Entries;
            var attributes = (snapshot is null || snapshot.AttributesVersion == held.AttributesVersion) && hierarchy == held.HierarchyVersion ? held.Attributes
                : directory.Read(d => new AttributeBook(entries, code => d.Ancestors(code).Select(a => a.Code).ToList()));
            _view = new ProgrammeView(programme, attributes, snapshot?.AttributesVersion ?? held.AttributesVersion, hierarchy);
        }
        finally { _refreshing.Release(); }
        Changed?.Invoke();
    }
}
