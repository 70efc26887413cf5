using System.Collections.Concurrent;
using System.Text.Json;
using KpiMesh.Abstractions;
using KpiMesh.Grains;
using KpiMesh.Grains.Services;
using KpiMesh.Server.Api;
using KpiMesh.Server.Services;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Live;

/// <summary>
/// Unit reads (and ranked children) that do not wait on ingest. For each recently read unit the gateway keeps the totals its grain last
/// sent (one live feed per unit, shared with the stream viewers) and the serialised answer built from them, so a
/// read is a dictionary lookup and a copy of bytes. Under load a grain call waits in queues behind the fan-out of
/// submissions and a fresh answer allocates a report: that was the read tail (bench/analysis.md).
/// </summary>
/// <remarks>
/// Never older than <see cref="RollupOptions.ReadMaxAge"/>: every copy carries the time its grain took it
/// (<see cref="UnitTotals.TakenAt"/>), and a read finding the copy older than that asks the grain and waits. Between
/// notifications (an idle unit sends none) the copies of units read in the last <see cref="HotFor"/> are renewed in
/// the background before they reach that age, so steady readers never wait. Units not read for
/// <see cref="KeepFor"/> are dropped with their feed, and at most <see cref="MaxUnits"/> are kept.
/// </remarks>
public sealed class UnitReadCache(
    IGrainFactory grains, LiveUnitFeeds feeds, UnitReportService reports, SiloUnitDirectory directory, ProgrammeCache programmes,
    IOptions<RollupOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock, ILogger<UnitReadCache> logger)
    : BackgroundService
{
    /// <summary>Units kept; reads of others go to their grain (a crawler of every unit must not subscribe to each).</summary>
    public const int MaxUnits = 2_000;

    /// <summary>A unit read within this long has its copy renewed before it ages out.</summary>
    public static readonly TimeSpan HotFor = TimeSpan.FromSeconds(10);

    /// <summary>A unit not read for this long is dropped, and its live feed with it.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private TimeSpan MaxAge => options.Value.ReadMaxAge;
    private long _hits, _waits;

    /// <summary>Reads answered from a copy without a grain call.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Reads that had to wait for the grain (first read, or a copy older than the bound).</summary>
    public long Waits => Interlocked.Read(ref _waits);

    /// <summary>The unit's report as UTF-8 JSON (the shape of <see cref="UnitResponse"/>); <see cref="UnknownUnitException"/> when it does not exist.</summary>
    public async ValueTask<byte[]> GetAsync(string code)
    {
        await directory.RequireAsync(code);
        await programmes.GetAsync();
        var now = clock.GetUtcNow();
        if (!_entries.TryGetValue(code, out var entry))
        {
            if (_entries.Count >= MaxUnits) return Serialise(UnitResponse.From(await reports.GetAsync(code)));
            entry = _entries.GetOrAdd(code, c => new Entry(c));
        }
        entry.LastRead = now;
        var copy = entry.Copy;
        if (copy is null || !Fresh(copy.ConfirmedAt, now))
        {
            Interlocked.Increment(ref _waits);
            copy = await entry.RenewAsync(this);
        }
        else Interlocked.Increment(ref _hits);
        return copy.Body(this);
    }

    /// <summary>
    /// What the unit holds from each of its children (for the ranked children), at most <see cref="RollupOptions.ReadMaxAge"/>
    /// old. No notification carries these, so the copy is dated by when it was asked for, and renewed in the background
    /// while it is read.
    /// </summary>
    public async ValueTask<ChildTotals[]> GetChildTotalsAsync(string code)
    {
        await directory.RequireAsync(code);
        var now = clock.GetUtcNow();
        if (!_entries.TryGetValue(code, out var entry))
        {
            if (_entries.Count >= MaxUnits) return await grains.Unit(code).GetChildTotals();
            entry = _entries.GetOrAdd(code, c => new Entry(c));
        }
        entry.LastChildrenRead = now;
        if (entry.Children is { } copy && Fresh(copy.ConfirmedAt, now))
        {
            Interlocked.Increment(ref _hits);
            return copy.Children;
        }
        Interlocked.Increment(ref _waits);
        return (await entry.RenewChildrenAsync(this)).Children;
    }

    /// <summary>
    /// Young enough to answer with. A copy dated after now means the wall clock stepped back since it was taken: its
    /// age is unknown, so it is not fresh (and may be replaced by any newer answer).
    /// </summary>
    private bool Fresh(DateTimeOffset confirmedAt, DateTimeOffset now) => now >= confirmedAt && now - confirmedAt <= MaxAge;

    private sealed record ChildrenCopy(ChildTotals[] Children, DateTimeOffset ConfirmedAt);

    private byte[] Serialise(UnitResponse response) => JsonSerializer.SerializeToUtf8Bytes(response, json.Value.SerializerOptions);

    // What the copies need of the cache (nested classes cannot see the constructor's parameters).
    private DateTimeOffset Now => clock.GetUtcNow();
    private Task<UnitTotals> FetchAsync(string code) => grains.Unit(code).GetTotals();
    private Task<ChildTotals[]> FetchChildrenAsync(string code) => grains.Unit(code).GetChildTotals();
    private Task<LiveUnitFeeds.Viewer> WatchAsync(string code) => feeds.WatchAsync(code);
    private ILogger Log => logger;
    private byte[] Render(string code, UnitTotals totals) => Serialise(UnitResponse.From(reports.Build(code, totals)));

    /// <summary>
    /// What a serialised report depends on besides the totals: the programme and attributes (one view object per
    /// version), the hierarchy (coverage denominators) and the programme's local day.
    /// </summary>
    private (ProgrammeView View, int Version, DateOnly Day) RenderStamp
    {
        get { var view = programmes.Current; return (view, directory.Version, view.Programme.Today(Now)); }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(MaxAge / 4, clock);
        while (await ticks.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // Keep the programme fresh here, so that no read pays for fetching it.
                if (!_entries.IsEmpty) await programmes.GetAsync();
                var now = clock.GetUtcNow();
                foreach (var entry in _entries.Values)
                {
                    if (now - entry.LastRead > KeepFor && now - entry.LastChildrenRead > KeepFor)
                    {
                        if (_entries.TryRemove(entry.Code, out _)) entry.Drop();
                        continue;
                    }
                    if (now - entry.LastRead <= HotFor && (entry.Copy is not { } copy || !Fresh(copy.ConfirmedAt, now + MaxAge / 2)))
                        _ = RenewInBackground(entry.Code, () => entry.RenewAsync(this));
                    if (now - entry.LastChildrenRead <= HotFor && (entry.Children is not { } children || !Fresh(children.ConfirmedAt, now + MaxAge / 2)))
                        _ = RenewInBackground(entry.Code, () => entry.RenewChildrenAsync(this));
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Renewing cached unit reads failed; reads ask the grains until it works again");
            }
        }
    }

    private async Task RenewInBackground(string code, Func<Task> renew)
    {
        try { await renew(); }
        catch (Exception error) { logger.LogDebug(error, "Renewing the cached read of {Code} failed; the next read asks the grain", code); }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var entry in _entries.Values) entry.Drop();
        _entries.Clear();
    }

    /// <summary>
    /// A copy of a unit's totals. <see cref="ConfirmedAt"/> is when the grain took it, or when it was received if the
    /// grain's clock is ahead of ours: everything the unit had applied by then is in it.
    /// </summary>
    private sealed class Copy(UnitTotals totals, DateTimeOffset confirmedAt, string code)
    {
        public UnitTotals Totals => totals;
        public DateTimeOffset ConfirmedAt => confirmedAt;
        private Rendered? _rendered;

        /// <summary>The serialised report, made once per copy, programme view, hierarchy version and day.</summary>
        public byte[] Body(UnitReadCache cache)
        {
            var (view, version, day) = cache.RenderStamp;
            if (_rendered is { } r && ReferenceEquals(r.View, view) && r.Version == version && r.Day == day) return r.Bytes;
            var bytes = cache.Render(code, totals);
            _rendered = new Rendered(view, version, day, bytes);
            return bytes;
        }

        private sealed record Rendered(ProgrammeView View, int Version, DateOnly Day, byte[] Bytes);
    }

    private sealed class Entry(string code)
    {
        public string Code => code;
        private volatile Copy? _copy;
        private Task<Copy>? _renewing;
        private LiveUnitFeeds.Viewer? _viewer;
        private int _started;
        private long _lastRead;
        private long _lastChildrenRead;
        private volatile ChildrenCopy? _children;
        private Task<ChildrenCopy>? _renewingChildren;

        public Copy? Copy => _copy;

        public ChildrenCopy? Children => _children;

        public DateTimeOffset LastChildrenRead
        {
            get => new(Interlocked.Read(ref _lastChildrenRead), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _lastChildrenRead, value.UtcTicks);
        }

        /// <summary>Asks the grain for its children's contributions; dated by when it was asked (everything applied by then is in it).</summary>
        public Task<ChildrenCopy> RenewChildrenAsync(UnitReadCache cache) => Shared(ref _renewingChildren, () => FetchChildrenAsync(cache));

        private async Task<ChildrenCopy> FetchChildrenAsync(UnitReadCache cache)
        {
            var asked = cache.Now;
            var copy = new ChildrenCopy(await cache.FetchChildrenAsync(code), asked);
            // Renewals may cross: keep the one asked for last.
            while (true)
            {
                var held = _children;
                if (held is not null && held.ConfirmedAt >= asked && held.ConfirmedAt <= cache.Now) return held;
                if (Interlocked.CompareExchange(ref _children, copy, held) == held) return copy;
            }
        }

        public DateTimeOffset LastRead
        {
            get => new(Interlocked.Read(ref _lastRead), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _lastRead, value.UtcTicks);
        }

        /// <summary>Asks the grain; concurrent readers share one call. The first renewal also starts the live feed.</summary>
        public Task<Copy> RenewAsync(UnitReadCache cache) => Shared(ref _renewing, () => FetchAsync(cache));

        /// <summary>The fetch in flight in <paramref name="slot"/> if there is one, else a new one: concurrent callers share one grain call.</summary>
        private Task<T> Shared<T>(ref Task<T>? slot, Func<Task<T>> fetch)
        {
            lock (this)
            {
                if (slot is { IsCompleted: false } running) return running;
                return slot = fetch();
            }
        }

        private async Task<Copy> FetchAsync(UnitReadCache cache)
        {
            if (Interlocked.CompareExchange(ref _started, 1, 0) == 0) _ = FollowAsync(cache);
            var totals = await cache.FetchAsync(code);
            return Offer(totals, cache.Now);
        }

        /// <summary>Takes a copy if it is newer than the one held (a notification and a fetch may cross).</summary>
        private Copy Offer(UnitTotals totals, DateTimeOffset received)
        {
            var offered = new Copy(totals, totals.TakenAt < received ? totals.TakenAt : received, code);
            while (true)
            {
                var held = _copy;
                // A held copy dated after this one arrived was taken before the clock stepped back: replace it.
                if (held is not null && held.Totals.TakenAt >= totals.TakenAt && held.ConfirmedAt <= received) return held;
                if (Interlocked.CompareExchange(ref _copy, offered, held) == held) return offered;
            }
        }

        /// <summary>The unit's live feed: every rollup its grain sends (at most one per flush) replaces the copy.</summary>
        private async Task FollowAsync(UnitReadCache cache)
        {
            try
            {
                var viewer = await cache.WatchAsync(code);
                lock (this)
                {
                    if (_started == 2) { viewer.Dispose(); return; }
                    _viewer = viewer;
                }
                await foreach (var totals in viewer.Updates.ReadAllAsync()) Offer(totals, cache.Now);
            }
            catch (Exception error)
            {
                // Without a feed the copy still never exceeds the bound: reads and the renewal loop ask the grain.
                cache.Log.LogDebug(error, "The live feed of {Code} for cached reads ended", code);
            }
        }

        public void Drop()
        {
            lock (this)
            {
                _started = 2;
                _viewer?.Dispose();
            }
        }
    }
}
