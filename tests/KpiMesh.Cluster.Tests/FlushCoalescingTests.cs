using System.Collections.Concurrent;
using System.Diagnostics;
using KpiMesh.Abstractions;
using KpiMesh.Grains;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace KpiMesh.Cluster.Tests;

/// <summary>
/// Leading-edge flushing still coalesces bursts: however many changes reach a unit, its parent hears from it at most
/// once per <see cref="RollupOptions.FlushInterval"/> (the first at once, the rest only an interval after the last).
/// Every <c>ReportChild</c> call the silos receive is counted by an incoming call filter.
/// </summary>
public sealed class FlushCoalescingTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>Counties and above report at their own, shorter interval (Rollup:UpperFlushInterval).</summary>
    private static readonly TimeSpan UpperInterval = TimeSpan.FromMilliseconds(200);
    private static readonly ConcurrentQueue<(string Parent, string Child)> Reports = new();
    private TestCluster _cluster = null!;

    private static readonly HierarchyRowData[] Rows =
    [
        new(2, "86", "中华人民共和国", "nation", ""),
        new(3, "13", "河北省", "province", "86"),
        new(4, "1301", "石家庄市", "city", "13"),
        new(5, "130102", "长安区", "county", "1301"),
        new(6, "130102001", "建北街道", "town", "130102"),
        new(7, "130102001001", "村一", "village", "130102001"),
        new(8, "130102001002", "村二", "village", "130102001"),
        new(9, "130102001003", "村三", "village", "130102001"),
    ];

    public async Task InitializeAsync()
    {
        var builder = TestClusters.Builder(1);
        builder.AddSiloBuilderConfigurator<CountingSiloConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        Assert.Null((await _cluster.Client.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).Import(Rows)).Error);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Under_a_burst_each_parent_hears_from_each_child_at_most_once_per_interval()
    {
        var villages = Rows.Where(r => r.Level == "village").Select(r => r.Code).ToArray();
        var province = _cluster.Client.GetGrain<IUnitGrain>("13");
        // Settle first: every unit's first report (leading edge) comes at once, then quiet.
        var sequence = 1L;
        await SubmitRoundAsync(villages, sequence);
        await UntilProvinceShowsAsync(province, villages.Length);
        await Task.Delay(Interval * 2);

        // The burst: every village changes its value continuously, many times per interval.
        var clock = Stopwatch.StartNew();
        Reports.Clear();
        var rounds = 0;
        while (clock.Elapsed < Interval * 6)
        {
            await SubmitRoundAsync(villages, ++sequence);
            rounds++;
        }
        // Let the trailing reports of the burst through, then count.
        var expected = sequence % 2 * villages.Length;
        await UntilProvinceShowsAsync(province, expected);
        await Task.Delay(Interval * 2);
        var window = clock.Elapsed;
        var counts = Reports.ToArray().GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected, Cell(await province.GetTotals()));

        // Reports leave a unit at least an interval apart, so a window holds at most one per interval plus the one
        // that opened it, plus one for a report delayed in transit and received close to the next.
        var bound = (int)Math.Floor(window / Interval) + 2;
        var upperBound = (int)Math.Floor(window / UpperInterval) + 2;
        Assert.True(rounds > upperBound * 2, $"{rounds} rounds of changes should far outnumber the {upperBound} reports allowed");
        foreach (var village in villages)
        {
            var received = counts.GetValueOrDefault(("130102001", village));
            Assert.InRange(received, 1, bound);
        }
        // The levels above are as busy as their busiest child, and coalesce the same way: the town at its interval,
        // the county, the city and the province at theirs, which lets them report more often than the town.
        Assert.InRange(counts.GetValueOrDefault(("130102", "130102001")), 1, bound);
        foreach (var (parent, child) in new[] { ("1301", "130102"), ("13", "1301"), ("86", "13") })
            Assert.InRange(counts.GetValueOrDefault((parent, child)), 1, upperBound);
    }

    private static async Task UntilProvinceShowsAsync(IUnitGrain province, long value)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (Cell(await province.GetTotals()) != value && DateTime.UtcNow < deadline) await Task.Delay(20);
    }

    private async Task SubmitRoundAsync(string[] villages, long sequence) =>
        await Task.WhenAll(villages.Select(v => _cluster.Client.GetGrain<IUnitGrain>(v)
            .Submit([new SubmissionItem("village_room_rate", null, sequence % 2, 1, "2021-12", null, sequence)])));

    private static long Cell(UnitTotals totals) =>
        totals.Cells.FirstOrDefault(c => c is { Indicator: "village_room_rate", Option: null })?.Numerator ?? 0;

    private sealed class CountingSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Units);
            silo.Services.AddKpiMeshSiloServices(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Rollup:FlushInterval"] = Interval.ToString(), ["Rollup:UpperFlushInterval"] = UpperInterval.ToString() }).Build());
            silo.AddIncomingGrainCallFilter(context =>
            {
                if (context.InterfaceMethod?.Name == nameof(IUnitGrain.ReportChild))
                    Reports.Enqueue((context.TargetId.Key.ToString()!, (string)context.Request.GetArgument(0)!));
                return context.Invoke();
            });
        }
    }
}
