using KpiMesh.Abstractions;
using KpiMesh.Domain.Hierarchy;
using Microsoft.Extensions.Logging;

namespace KpiMesh.Grains;

/// <summary>
/// This silo's copy of the hierarchy, kept in step with <see cref="IHierarchyGrain"/> by version. Grains and the
/// gateway read it locally (no grain call to learn a unit's level, parent or subtree size), which also means an
/// unknown code is refused before any grain is activated for it.
/// </summary>
public sealed class SiloUnitDirectory(IGrainFactory grains, TimeProvider clock, ILogger<SiloUnitDirectory> logger)
{
    /// <summary>An unknown code makes the directory ask for news at most this often, so junk codes cost little.</summary>
    private static readonly TimeSpan MissRefreshInterval = TimeSpan.FromMilliseconds(500);
    private const int BatchSize = 50_000;

    private readonly UnitDirectory _directory = new();
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private int _version;
    private DateTimeOffset _lastSync = DateTimeOffset.MinValue;

    /// <summary>Syncs started, and the number of the last one that completed: callers waiting at the gate share one.</summary>
    private long _started, _completed;

    public int Version => Volatile.Read(ref _version);

    public T Read<T>(Func<UnitDirectory, T> read)
    {
        _lock.EnterReadLock();
        try { return read(_directory); }
        finally { _lock.ExitReadLock(); }
    }

    public UnitRecord? Find(string code) => Read(d => d.Find(code));

    /// <summary>
    /// Finds a unit, catching up with the hierarchy first if the code is not known here yet. Callers holding a code
    /// that must exist (a grain's own key, a parent) pass <paramref name="mustExist"/> to catch up unthrottled.
    /// </summary>
    public async ValueTask<UnitRecord?> FindAsync(string code, bool mustExist = false)
    {
        if (Find(code) is { } unit) return unit;
        if (mustExist) await SyncAsync();
        else await CatchUpAsync();
        return Find(code);
    }

    /// <summary>
    /// A unit the caller knows exists (the gateway resolved the route's code already): the one way the services say
    /// "unknown unit" is <see cref="UnknownUnitException"/>.
    /// </summary>
    public async ValueTask<UnitRecord> RequireAsync(string code) => await FindAsync(code) ?? throw new UnknownUnitException(code);

    /// <summary>Asks for news unless it did so within the last <see cref="MissRefreshInterval"/>.</summary>
    public async Task CatchUpAsync()
    {
        if (clock.GetUtcNow() - _lastSync >= MissRefreshInterval) await SyncAsync();
    }

    /// <summary>Catches up until at least <paramref name="version"/> is applied (e.g. right after an import).</summary>
    public async Task EnsureVersionAsync(int version)
    {
        while (Version < version) await SyncAsync();
    }

    /// <summary>Remote catch-ups made: callers that waited while one ran share it instead of making their own.</summary>
    public long Syncs => Interlocked.Read(ref _started);

    /// <summary>
    /// Catches up with the hierarchy grain. Callers that arrive while a sync runs wait for the next one and share it:
    /// a sync started after a caller asked has everything that caller could need. Each used to make its own call in
    /// turn, and on a silo joining a busy national cluster the units activated there (each waiting for its own code)
    /// queued thousands of them: that silo's start-up sync waited 26-155 s behind them, and calls to those units
    /// timed out after 30 s (bench/national.sh, a rolling restart, 2026-12-06).
    /// </summary>
    public async Task SyncAsync()
    {
        var needed = Interlocked.Read(ref _started) + 1;
        await _syncGate.WaitAsync();
        try
        {
            if (_completed >= needed) return;
            var number = Interlocked.Increment(ref _started);
            var hierarchy = grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key);
            UnitEntryBatch batch;
            do
            {
                batch = await hierarchy.GetSince(_version, BatchSize);
                if (batch.Entries.Length == 0) break;
                var units = batch.Entries.Select(ToRecord).ToList();
                _lock.EnterWriteLock();
                try { _directory.Apply(units); }
                finally { _lock.ExitWriteLock(); }
                Volatile.Write(ref _version, batch.Version);
            } while (batch.More);
            _lastSync = clock.GetUtcNow();
            Interlocked.Exchange(ref _completed, number);
            logger.LogDebug("Directory at version {Version} ({Count} units)", _version, _directory.Count);
        }
        finally
        {
            _syncGate.Release();
        }
    }

    private static UnitRecord ToRecord(UnitEntry entry) =>
        new(entry.Code, entry.Name, UnitLevels.TryParse(entry.Level, out var level) ? level
            : throw new InvalidDataException($"stored unit {entry.Code} has unknown level {entry.Level}"), entry.ParentCode);
}
