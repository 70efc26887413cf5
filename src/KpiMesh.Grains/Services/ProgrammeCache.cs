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
public sealed class ProgrammeCache(IGrainFactory grains, SiloUnitDirectory directory)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private volatile ProgrammeView _view = new(Programme.Default, AttributeBook.Empty, 0);
    /// <summary>Renewals begun so far, and the number of the last one completed (0: never fetched).</summary>
    private long _begun, _completed;
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    /// <summary>The last fetched view, for code that cannot wait (it is at most a refresh old).</summary>
    public ProgrammeView Current => _view;

    /// <summary>Raised after the programme or the attributes changed here (live viewers are sent their rows again).</summary>
    public event Action? Changed;

    /// <summary>
    /// The view, without waiting once it has been fetched: <see cref="ProgrammeSyncService"/> renews it every
    /// <see cref="MaxAge"/>, and a change made here renews it at once. Reads and submissions used to wait for a renewal
    /// whenever the view was over a second old, each in turn behind one semaphore and one grain call: under 8 county
    /// uploads on 2 cores that queue made the province read's median 7.5 s (bench/run.sh, 2026-11-25).
    /// </summary>
    public async ValueTask<ProgrammeView> GetAsync()
    {
        if (Interlocked.Read(ref _completed) == 0) await RefreshAsync();
        return _view;
    }

    public async Task RefreshAsync()
    {
        var asked = Interlocked.Read(ref _begun);
        await _refreshing.WaitAsync();
        try
        {
            // Callers that queued behind a renewal whose grain call began after they asked share its answer (one
            // begun earlier may have missed a change made since).
            if (Interlocked.Read(ref _completed) > asked) return;
            var held = _view;
            var renewal = Interlocked.Increment(ref _begun);
            var snapshot = await grains.GetGrain<IProgrammeGrain>(IProgrammeGrain.Key).GetIfNewer(held.Programme.Version, held.AttributesVersion);
            Interlocked.Exchange(ref _completed, renewal);
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
