using KpiMesh.Abstractions;
using KpiMesh.Domain.Targets;

namespace KpiMesh.Grains.Services;

/// <summary>
/// This silo's copy of the self-chosen targets, refreshed from <see cref="ITargetsGrain"/> when older than
/// <see cref="MaxAge"/>, so a report costs no extra grain call most of the time and a new target shows within a second.
/// </summary>
public sealed class TargetBookCache(IGrainFactory grains, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private volatile TargetBook _book = TargetBook.Empty;
    private DateTimeOffset _fetched = DateTimeOffset.MinValue;

    /// <summary>The last fetched book, for code that cannot wait (it is at most a refresh old).</summary>
    public TargetBook Current => _book;

    public async ValueTask<TargetBook> GetAsync()
    {
        if (clock.GetUtcNow() - _fetched < MaxAge) return _book;
        await RefreshAsync();
        return _book;
    }

    public async Task RefreshAsync()
    {
        var snapshot = await grains.GetGrain<ITargetsGrain>(ITargetsGrain.Key).GetAll();
        _book = ChosenTarget.ToBook(snapshot.Chosen);
        _fetched = clock.GetUtcNow();
    }
}
