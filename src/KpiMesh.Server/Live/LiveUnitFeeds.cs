using System.Collections.Concurrent;
using System.Threading.Channels;
using KpiMesh.Abstractions;
using KpiMesh.Grains;
using KpiMesh.Grains.Services;

namespace KpiMesh.Server.Live;

/// <summary>
/// Live rollups for this gateway's viewers. Each watched unit has one feed: one observer registered with the
/// unit's grain, fanned out here to every viewer, so a hundred viewers of Hebei cost its grain one notification.
/// The feed ends with its last viewer. When the programme changes (indicators, targets, attributes), every feed is
/// sent its unit's totals again, so viewers see the rows re-judged within a programme refresh (a second).
/// </summary>
public sealed class LiveUnitFeeds
{
    private readonly IGrainFactory grains;
    private readonly ILogger<LiveUnitFeeds> logger;

    public LiveUnitFeeds(IGrainFactory grains, ProgrammeCache programmes, ILogger<LiveUnitFeeds> logger)
    {
        this.grains = grains;
        this.logger = logger;
        programmes.Changed += () => _ = RejudgeAsync();
    }

    private async Task RejudgeAsync()
    {
        foreach (var (code, feed) in _feeds)
        {
            try { await feed.RollupChanged(code, await grains.Unit(code).GetTotals()); }
            catch (Exception error) { logger.LogDebug(error, "Re-sending {Code} after a programme change failed; its next change will carry it", code); }
        }
    }

    /// <summary>Updates a slow viewer may fall behind by; older ones are dropped (only the latest rollup matters).</summary>
    private const int ViewerBuffer = 8;

    private readonly ConcurrentDictionary<string, UnitFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int ViewerCount(string code) => _feeds.TryGetValue(code, out var feed) ? feed.Viewers : 0;

    public bool IsWatched(string code) => _feeds.ContainsKey(code);

    private long _grainSubscriptions;

    /// <summary>How many times a feed subscribed to a grain (once per watched unit, not once per viewer).</summary>
    public long GrainSubscriptions => Interlocked.Read(ref _grainSubscriptions);

    /// <summary>A viewer's stream of rollups for <paramref name="code"/>; dispose it when the viewer leaves.</summary>
    public async Task<Viewer> WatchAsync(string code)
    {
        UnitFeed feed;
        var channel = Channel.CreateBounded<UnitTotals>(new BoundedChannelOptions(ViewerBuffer) { FullMode = BoundedChannelFullMode.DropOldest });
        bool first;
        lock (_lock)
        {
            first = !_feeds.TryGetValue(code, out feed!);
            if (first) _feeds[code] = feed = new UnitFeed(code, grains, logger);
            feed.Add(channel);
        }
        if (first)
        {
            Interlocked.Increment(ref _grainSubscriptions);
            await feed.StartAsync();
        }
        return new Viewer(channel.Reader, () => Leave(code, feed, channel));
    }

    private void Leave(string code, UnitFeed feed, Channel<UnitTotals> channel)
    {
        bool last;
        lock (_lock)
        {
            last = feed.Remove(channel) == 0;
            if (last) _feeds.TryRemove(code, out _);
        }
        if (last) _ = feed.StopAsync();
    }

    public sealed class Viewer(ChannelReader<UnitTotals> updates, Action leave) : IDisposable
    {
        private int _left;

        public ChannelReader<UnitTotals> Updates => updates;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) leave();
        }
    }

    private sealed class UnitFeed(string code, IGrainFactory grains, ILogger logger) : IUnitObserver
    {
        private readonly List<Channel<UnitTotals>> _viewers = [];
        private IUnitObserver? _reference;
        private Timer? _renewal;

        public int Viewers { get { lock (_viewers) return _viewers.Count; } }

        public void Add(Channel<UnitTotals> viewer) { lock (_viewers) _viewers.Add(viewer); }

        public int Remove(Channel<UnitTotals> viewer)
        {
            lock (_viewers)
            {
                _viewers.Remove(viewer);
                viewer.Writer.TryComplete();
                return _viewers.Count;
            }
        }

        public async Task StartAsync()
        {
            _reference = grains.CreateObjectReference<IUnitObserver>(this);
            await grains.Unit(code).Subscribe(_reference);
            var renewEvery = UnitGrain.ObserverLease / 3;
            _renewal = new Timer(_ => _ = RenewAsync(), null, renewEvery, renewEvery);
        }

        private static readonly TimeSpan NotificationGrace = TimeSpan.FromSeconds(2);

        public async Task StopAsync()
        {
            _renewal?.Dispose();
            if (_reference is null) return;
            try { await grains.Unit(code).Unsubscribe(_reference); }
            catch (Exception error) { logger.LogDebug(error, "Unsubscribing from {Code} failed; the lease will lapse", code); }
            // A notification sent just before the unsubscription may still be on its way; removing the reference
            // at once made Orleans log each such late one as an error.
            await Task.Delay(NotificationGrace);
            grains.DeleteObjectReference<IUnitObserver>(_reference);
        }

        public Task RollupChanged(string unit, UnitTotals totals)
        {
            lock (_viewers)
                foreach (var viewer in _viewers) viewer.Writer.TryWrite(totals);
            return Task.CompletedTask;
        }

        private async Task RenewAsync()
        {
            try { await grains.Unit(code).Subscribe(_reference!); }
            catch (Exception error) { logger.LogWarning(error, "Renewing the live feed of {Code} failed; retrying at the next renewal", code); }
        }
    }
}
