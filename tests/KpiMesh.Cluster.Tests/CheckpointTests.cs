using KpiMesh.Abstractions;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;
using KpiMesh.Grains;
using KpiMesh.Grains.Log;
using KpiMesh.Grains.Services;
using KpiMesh.Postgres;
using KpiMesh.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace KpiMesh.Cluster.Tests;

/// <summary>
/// The recovery checkpoint, crashed at each step of advancing it: submissions take the ingest path (the PostgreSQL
/// log first, then the grains with the log's sequences), the test drives the checkpoint's steps itself, kills every silo (no graceful
/// deactivation), starts a new cluster of the same service and checks that every rollup equals the model fed from
/// the log table, and that the replay took exactly the rows above the checkpoint.
/// </summary>
public sealed class CheckpointTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = new RollupOptions().StalenessBound * 20;
    private static readonly HierarchyRowData[] Rows = SharedData.HebeiCity("1303");

    [Fact]
    public async Task A_crash_after_the_states_are_written_but_before_the_mark_replays_the_rows_above_the_old_mark()
    {
        await using var scenario = await Scenario.StartAsync(output);
        await scenario.IngestAsync(seed: 11, count: 1_500);
        var first = await scenario.AdvanceAsync();
        Assert.Equal(first.To, await scenario.CheckpointAsync());

        await scenario.IngestAsync(seed: 12, count: 1_500);
        var checkpointer = scenario.Checkpointer;
        var plan = await checkpointer.PlanAsync(CancellationToken.None);
        Assert.Equal(first.To, plan.From);
        Assert.True(plan.RowCount > 0);
        await checkpointer.PersistAsync(plan, CancellationToken.None); // every state on the paths written ...
        await scenario.CrashAndRestartAsync();                          // ... and the crash comes before the commit

        Assert.Equal(first.To, await scenario.CheckpointAsync());
        await scenario.AssertReplayedExactlyAboveAsync(first.To);
        await scenario.AssertRollupsEqualTheLogAsync();
    }

    [Fact]
    public async Task A_crash_right_after_the_mark_replays_nothing_and_a_later_one_only_the_rows_appended_above_it()
    {
        await using var scenario = await Scenario.StartAsync(output);
        await scenario.IngestAsync(seed: 21, count: 2_000);
        var plan = await scenario.AdvanceAsync();
        Assert.Equal(await scenario.MaxSequenceAsync(), plan.To);
        await scenario.CrashAndRestartAsync();

        Assert.Equal(0, await scenario.AssertReplayedExactlyAboveAsync(plan.To));
        await scenario.AssertRollupsEqualTheLogAsync();

        await scenario.IngestAsync(seed: 22, count: 1_000);              // rows above the mark, never checkpointed
        await scenario.CrashAndRestartAsync();
        Assert.True(await scenario.AssertReplayedExactlyAboveAsync(plan.To) > 0);
        await scenario.AssertRollupsEqualTheLogAsync();
    }

    [Fact]
    public async Task A_round_applies_logged_rows_no_grain_took_and_a_crash_after_its_mark_loses_none_of_them()
    {
        await using var scenario = await Scenario.StartAsync(output);
        await scenario.IngestAsync(seed: 31, count: 500);
        // Rows committed to the log whose process died before any grain saw them: appended here, never sent.
        var orphans = RandomSubmissions.Generate(Rows, 800, seed: 32).Select(s => RollupConvergence.Valid(s.Unit, s.Item with { Id = s.Item.Id is null ? null : "orphan-" + s.Item.Id })).ToList();
        await scenario.Services.GetRequiredService<ISubmissionLog>().AppendAsync(orphans, "crashed-gateway", CancellationToken.None);

        var plan = await scenario.AdvanceAsync();
        Assert.Equal(await scenario.MaxSequenceAsync(), plan.To);
        await scenario.AssertRollupsEqualTheLogAsync();                   // applied by the round, before any crash
        await scenario.CrashAndRestartAsync();
        Assert.Equal(0, await scenario.AssertReplayedExactlyAboveAsync(plan.To));
        await scenario.AssertRollupsEqualTheLogAsync();
    }

    private sealed class Scenario : IAsyncDisposable
    {
        private const short Silos = 2;
        private readonly TestDatabase _database;
        private readonly string _serviceId = PostgresCluster.NewServiceId("checkpoint-");
        private readonly Dictionary<string, string?> _parentOf = SharedData.ParentMap(Rows);
        private readonly List<string> _ancestors = Rows.Where(r => r.Level is not "village").Select(r => r.Code).ToList();
        private readonly Dictionary<string, int> _villagesUnder;

        private readonly ITestOutputHelper _output;

        private Scenario(TestDatabase database, TestCluster cluster, ITestOutputHelper output)
        {
            (_database, Cluster, _output) = (database, cluster, output);
            _villagesUnder = _ancestors.ToDictionary(code => code, code => Rows.Count(r => r.Level == "village" && SharedData.IsUnder(r.Code, code, _parentOf)));
        }

        public TestCluster Cluster { get; private set; }

        public IServiceProvider Services => Cluster.Silos.OfType<InProcessSiloHandle>().First().SiloHost.Services;

        /// <summary>The checkpoint's steps, driven by the test itself.</summary>
        public Checkpointer Checkpointer => Services.GetRequiredService<Checkpointer>();

        /// <summary>One whole round of the checkpoint, which must find rows to mark; answers what it marked.</summary>
        public async Task<Checkpointer.Plan> AdvanceAsync()
        {
            var plan = await Checkpointer.AdvanceAsync(CancellationToken.None);
            Assert.NotNull(plan);
            return plan;
        }

        public static async Task<Scenario> StartAsync(ITestOutputHelper output)
        {
            var database = await PostgresCluster.CreateDatabaseAsync();
            var scenario = new Scenario(database, null!, output);
            scenario.Cluster = await PostgresCluster.StartAsync(database.ConnectionString, scenario._serviceId, Silos, durableLog: true);
            Assert.Null((await scenario.Cluster.Client.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).Import(Rows)).Error);
            return scenario;
        }

        /// <summary>As the gateway's ingestor does: each batch into the log, then one call per unit with the log's sequences.</summary>
        public Task IngestAsync(int seed, int count) =>
            RollupConvergence.SendAsync(Cluster.Client, model: null, RandomSubmissions.Generate(Rows, count, seed), Services.GetRequiredService<ISubmissionLog>());

        /// <summary>Every silo killed at once (no deactivation, nothing written on the way out), then a new cluster.</summary>
        public async Task CrashAndRestartAsync()
        {
            foreach (var silo in Cluster.Silos.ToList()) await Cluster.KillSiloAsync(silo);
            await Cluster.DisposeAsync();
            Cluster = await PostgresCluster.StartAsync(_database.ConnectionString, _serviceId, Silos, durableLog: true);
        }

        public Task<long> CheckpointAsync() => _database.ScalarAsync<long>($"SELECT seq FROM kpimesh_checkpoint WHERE service_id = '{_serviceId}'");

        public Task<long> MaxSequenceAsync() => _database.ScalarAsync<long>("SELECT max(seq) FROM kpimesh_submission");

        /// <summary>Each silo's start-up replay began at the mark and took exactly the rows above it; answers how many.</summary>
        public async Task<int> AssertReplayedExactlyAboveAsync(long mark)
        {
            var rowsAbove = (int)await _database.ScalarAsync<long>($"SELECT count(*) FROM kpimesh_submission WHERE seq > {mark}");
            var unitsAbove = (int)await _database.ScalarAsync<long>($"SELECT count(DISTINCT unit) FROM kpimesh_submission WHERE seq > {mark}");
            foreach (var silo in Cluster.Silos.OfType<InProcessSiloHandle>())
            {
                var report = await silo.SiloHost.Services.GetRequiredService<RecoveryStatus>().Completion.WaitAsync(TimeSpan.FromMinutes(3));
                _output.WriteLine($"{silo.Name}: replayed {report.Rows} rows of {report.Units} units above checkpoint {report.Checkpoint}; "
                    + $"the log holds {rowsAbove} rows of {unitsAbove} units above it");
                Assert.Equal((mark, rowsAbove, unitsAbove), (report.Checkpoint, report.Rows, report.Units));
            }
            return rowsAbove;
        }

        public async Task AssertRollupsEqualTheLogAsync()
        {
            var (model, _, _) = await SubmissionLogTable.ReadAsync(_database.ConnectionString, _parentOf);
            await RollupConvergence.AssertConvergesAsync(Cluster, model, _ancestors, _villagesUnder, Settle);
        }

        public async ValueTask DisposeAsync()
        {
            try { await Cluster.StopAllSilosAsync(); }
            finally
            {
                await Cluster.DisposeAsync();
                await _database.DisposeAsync();
            }
        }
    }
}
