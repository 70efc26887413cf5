using KpiMesh.Abstractions;
using KpiMesh.Grains;
using KpiMesh.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using Orleans.Runtime;
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

    /// <summary>
    /// When a silo of three stops, the others deactivate every activation whose entry in Orleans' grain directory that
    /// silo held (<c>LocalGrainDirectory.OnSiloStatusChange</c>); one still reading its state is cancelled. Read in
    /// Orleans' activation lifecycle, each such cancellation was two <c>fail:</c> entries ("Error starting lifecycle",
    /// "Error activating grain", TaskCanceledException) on a survivor: 20 in a national rolling restart of 200,000
    /// values (bench/national.sh), all units being activated when the process before stopped. The grains now read their
    /// state in OnActivateAsync (<c>StoredState</c>), whose cancellation Orleans takes quietly. Here every state read waits
    /// on a lock held on the state table while a silo stops, as reads wait under load: before, 120 errors for 60 units.
    /// </summary>
    [Fact]
    public async Task Activations_cancelled_by_a_stopping_silo_log_no_error()
    {
        await using var database = await PostgresCluster.CreateDatabaseAsync();
        await using var cluster = await PostgresCluster.StartAsync(database.ConnectionString, PostgresCluster.NewServiceId(),
            customize: b => b.AddSiloBuilderConfigurator<CollectingSiloConfigurator>());
        var rows = SharedData.HebeiCity("1303");
        Assert.Null((await cluster.Client.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).Import(rows)).Error);
        var leaving = cluster.Silos[2];

        await using var blocker = new NpgsqlConnection(database.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE kpimesh_grain_state IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            await lockTable.ExecuteNonQueryAsync();
        Logs.Clear();
        // 60 villages whose directory entries the stopping silo holds, activated across the three silos, each waiting for
        // its state. Few enough for the silos' connection pool (shared: one connection string in one process).
        var silos = cluster.Silos.Select(h => h.SiloAddress).ToArray();
        var units = rows.Where(r => r.Level == "village").Select(r => cluster.Client.GetGrain<IUnitGrain>(r.Code))
            .Where(u => DirectoryOwner(u.GetGrainId(), silos).Equals(leaving.SiloAddress)).Take(60).ToArray();
        var reads = units.Select(u => u.GetTotals()).ToArray();
        // Watched from a connection of its own (its own pool: the silos share the test's connection string).
        await using var monitor = new NpgsqlConnection(database.ConnectionString + ";Application Name=kpimesh-test-monitor");
        await monitor.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()", monitor);
        await WaitUntilAsync(async () => (long)(await waiting.ExecuteScalarAsync())! >= units.Length / 2);

        // The lock goes once activations were cancelled (Orleans' "Activation was cancelled", at Information) both on
        // the stopping silo and on the others, or once an error says what their cancellation was taken for.
        var stopping = cluster.StopSiloAsync(leaving);
        await WaitUntilAsync(() => Task.FromResult(Cancelled("ShuttingDown") && Cancelled("DirectoryFailure") || Logs.GetSnapshot().Any(e => e.Level >= LogLevel.Error)));
        await transaction.CommitAsync();
        await stopping;
        // Every read is answered after the lock goes, or refused by the stopping silo ("Silo stopping"), as a call to a
        // silo that stops is; nothing else fails them.
        foreach (var read in reads)
            try { await read; }
            catch (OrleansMessageRejectionException) { }

        var entries = Logs.GetSnapshot();
        var errors = entries.Where(r => r.Level >= LogLevel.Error).ToList();
        foreach (var group in entries.GroupBy(e => (e.Level, e.Category)).OrderByDescending(g => g.Count()))
            output.WriteLine($"{group.Count(),6} {group.Key.Level} {group.Key.Category}: {group.First().Message} {group.First().Exception?.GetType().Name}");
        Assert.True(errors.Count == 0, $"{errors.Count} errors, e.g. {errors.FirstOrDefault()?.Category}: {errors.FirstOrDefault()?.Message} {errors.FirstOrDefault()?.Exception?.Message}");
        Assert.True(Cancelled("ShuttingDown") && Cancelled("DirectoryFailure"));
    }

    /// <summary>Whether Orleans said "Activation was cancelled" (<c>ActivationData.LogActivationCancelled</c>) for this reason.</summary>
    private static bool Cancelled(string reason) =>
        Logs.GetSnapshot().Any(e => e.Id.Id == 100548 && e.Message.Contains($"DeactivationReasonCode={reason}", StringComparison.Ordinal));

    /// <summary>
    /// The silo whose partition of Orleans' default grain directory holds a grain's entry: the one with the greatest
    /// consistent hash not above the grain's, or else the greatest (<c>LocalGrainDirectory.CalculateGrainDirectoryPartition</c>).
    /// The test asserts that it chose well: activations are cancelled for the directory's sake.
    /// </summary>
    private static SiloAddress DirectoryOwner(GrainId grain, SiloAddress[] silos)
    {
        var ring = silos.OrderBy(s => s.GetConsistentHashCode()).ToArray();
        var hash = (int)grain.GetUniformHashCode();
        return ring.LastOrDefault(s => s.GetConsistentHashCode() <= hash) ?? ring[^1];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("not reached in 30 s: reads waiting on the lock, or activations cancelled on both sides");
            await Task.Delay(50);
        }
    }

    /// <summary>A village's room: built in odd rounds, not in even ones, so that every round changes every total.</summary>
    private static SubmissionItem Item(long sequence) => new("village_room_rate", null, sequence % 2, 1, "2026-11", null, sequence);

    private sealed class CollectingSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(Repository.Root, "src", "KpiMesh.Server", "appsettings.json")).Build();
            // Orleans.Grain's Information too (shipped: Error), to see the cancellations Orleans takes quietly.
            silo.Services.AddLogging(logging => logging.AddConfiguration(shipped.GetSection("Logging")).AddFilter("Orleans.Grain", LogLevel.Information)
                .AddProvider(new FakeLoggerProvider(Logs)));
            silo.AddIncomingGrainCallFilter(async call =>
            {
                if (call.InterfaceMethod?.Name == nameof(IUnitGrain.ReportChild)) await Task.Delay(20);
                await call.Invoke();
            });
        }
    }
}
