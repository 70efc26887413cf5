using KpiMesh.Abstractions;
using KpiMesh.Grains;
using KpiMesh.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace KpiMesh.Cluster.Tests;

/// <summary>
/// A lone durable silo stopping right after a load logs no error and no warning of KpiMesh's, with the log levels the
/// server ships (its appsettings.json). Before, for hundreds of units:
/// <list type="bullet">
/// <item>a report to a parent still queued when Orleans deactivated the parent was forwarded to a new activation with
/// no silo to place it on (an <c>Orleans.Messaging</c> error, a level the server does not show) and its sender warned
/// "could not report to its parent; retrying": the stop now waits for the reports it has sent
/// (<see cref="KpiMesh.Grains.Services.ProcessStop"/>);</item>
/// <item>a unit with a call waiting (a flush timer's tick) when deactivated, which Orleans 10 tried to migrate, with no
/// other silo to go to ("Error while selecting a migration destination", <c>Orleans.Grain</c>; in 2 of 4 runs of the
/// whole suite, in LogVolumeTests): the units no longer migrate (<see cref="StayingGrains"/>).</item>
/// </list>
/// Reports are slowed at the parents, as a busy machine slows them, so that many are on their way when the stop comes.
/// </summary>
public sealed class SiloStopTests(ITestOutputHelper output)
{
    private static readonly FakeLogCollector Logs = new();

    [Fact]
    public async Task A_lone_silo_stopping_under_load_logs_no_error()
    {
        await using var database = await PostgresCluster.CreateDatabaseAsync();
        await using var cluster = await PostgresCluster.StartAsync(database.ConnectionString, PostgresCluster.NewServiceId(), silos: 1,
            durableLog: true, customize: b =>
            {
                // Short at every level, so that reports keep flowing up until the stop.
                b.Properties["Rollup:FlushInterval"] = b.Properties["Rollup:UpperFlushInterval"] = "00:00:00.050";
                b.AddSiloBuilderConfigurator<CollectingSiloConfigurator>();
            });
        // Qinhuangdao (2,612 units); every village sends values, round after round, for a few rounds.
        var rows = SharedData.HebeiCity("1303");
        Assert.Null((await cluster.Client.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).Import(rows)).Error);
        var villages = rows.Where(r => r.Level == "village").Select(r => cluster.Client.GetGrain<IUnitGrain>(r.Code)).ToArray();
        for (var round = 1L; round <= 3; round++)
            await Task.WhenAll(villages.Select(v => v.Submit([Item(round)])));

        // Every submission was answered when the stop comes, as the server's HTTP endpoint answers its requests before
        // the silo stops; the reports they set off are still on their way up.
        Logs.Clear();
        await cluster.StopAllSilosAsync();

        var entries = Logs.GetSnapshot();
        var errors = entries.Where(r => r.Level >= LogLevel.Error || r.Category.StartsWith("KpiMesh", StringComparison.Ordinal) && r.Level >= LogLevel.Warning).ToList();
        foreach (var group in entries.GroupBy(e => (e.Level, e.Category)).OrderByDescending(g => g.Count()))
            output.WriteLine($"{group.Count(),6} {group.Key.Level} {group.Key.Category}: {group.First().Message}");
        output.WriteLine($"{villages.Length} villages; {entries.Count} silo log entries at the stop, {errors.Count} errors or KpiMesh warnings");
        Assert.True(errors.Count == 0, $"{errors.Count} errors or KpiMesh warnings at the stop, e.g. {errors.FirstOrDefault()?.Category}: {errors.FirstOrDefault()?.Message} {errors.FirstOrDefault()?.Exception?.Message}");
    }

    /// <summary>A village's room: built in odd rounds, not in even ones, so that every round changes every total.</summary>
    private static SubmissionItem Item(long sequence) => new("village_room_rate", null, sequence % 2, 1, "2026-11", null, sequence);

    private sealed class CollectingSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(Repository.Root, "src", "KpiMesh.Server", "appsettings.json")).Build();
            silo.Services.AddLogging(logging => logging.AddConfiguration(shipped.GetSection("Logging")).AddProvider(new FakeLoggerProvider(Logs)));
            silo.AddIncomingGrainCallFilter(async call =>
            {
                if (call.InterfaceMethod?.Name == nameof(IUnitGrain.ReportChild)) await Task.Delay(20);
                await call.Invoke();
            });
        }
    }
}
