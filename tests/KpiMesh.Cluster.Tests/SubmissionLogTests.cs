using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;
using KpiMesh.Grains.Log;
using KpiMesh.Postgres;
using KpiMesh.Testing;
using Npgsql;

namespace KpiMesh.Cluster.Tests;

/// <summary>The PostgreSQL submission log: ids are unique across the whole log and across restarts.</summary>
public sealed class SubmissionLogTests
{
    private static ValidSubmission Item(string? id, long numerator, string period = "2021-12") =>
        new("130302001001", new RollupKey("village_room_rate", null), numerator, 1, ReportingPeriod.TryParse(period, out var p) ? p : default, id);

    [Fact]
    public async Task The_same_id_stores_one_row_across_restarts_and_a_different_body_under_it_is_a_conflict()
    {
        await using var database = await PostgresCluster.CreateDatabaseAsync();

        IReadOnlyList<LogResult> first, second;
        await using (var source = NpgsqlDataSource.Create(database.ConnectionString))
            first = await new PostgresSubmissionLog(source, "test", "test").AppendAsync(
                [Item("a", 1), Item(null, 0), Item("b", 1), Item("b", 1), Item("c", 1), Item("c", 0)], "county-1", CancellationToken.None);
        Assert.Equal([LogOutcome.Appended, LogOutcome.Appended, LogOutcome.Appended, LogOutcome.Duplicate, LogOutcome.Appended, LogOutcome.Conflict],
            first.Select(r => r.Outcome));
        Assert.Equal(first[2].Sequence, first[3].Sequence);
        Assert.True(first[0].Sequence < first[1].Sequence && first[1].Sequence < first[2].Sequence, "sequence follows the batch order");

        // A new data source stands for a restarted process (or another silo): the log, not memory, decides.
        await using (var source = NpgsqlDataSource.Create(database.ConnectionString))
            second = await new PostgresSubmissionLog(source, "test", "test").AppendAsync([Item("a", 1), Item("a", 0, "2022"), Item(null, 1)], "county-2", CancellationToken.None);
        Assert.Equal([LogOutcome.Duplicate, LogOutcome.Conflict, LogOutcome.Appended], second.Select(r => r.Outcome));
        Assert.Equal(first[0].Sequence, second[0].Sequence);

        Assert.Equal(5L, await database.ScalarAsync<long>("SELECT count(*) FROM kpimesh_submission"));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM kpimesh_submission WHERE submission_id = 'a' AND submitted_by = 'county-1'"));
    }

    [Fact]
    public async Task A_range_is_read_in_log_order_and_the_checkpoint_moves_only_from_where_it_is()
    {
        await using var database = await PostgresCluster.CreateDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        var log = new PostgresSubmissionLog(source, "service-a", "cluster-a");
        var appended = await log.AppendAsync([Item(null, 1, "2022-01"), Item(null, 0, "2021-12"), Item(null, 0, "2022Q1"), Item(null, 1, "2022-03")], "t", CancellationToken.None);
        var settled = await log.SettledSequenceAsync(CancellationToken.None);
        Assert.Equal(appended.Max(a => a.Sequence), settled);

        var range = await log.ReadRangeAsync(appended[0].Sequence, settled, 2, CancellationToken.None);
        Assert.Equal([appended[1].Sequence, appended[2].Sequence], range.Select(r => r.Item.Sequence));
        Assert.Equal(["2021-12", "2022Q1"], range.Select(r => r.Item.Period));

        Assert.Equal(0, await log.ReadCheckpointAsync(CancellationToken.None));
        Assert.Null(await log.ReadMembershipVersionAsync(CancellationToken.None));
        Assert.True(await log.AdvanceCheckpointAsync(0, appended[1].Sequence, null, CancellationToken.None));
        Assert.False(await log.AdvanceCheckpointAsync(0, settled, null, CancellationToken.None), "moved from a place it was not at");
        await database.ScalarAsync<int>("INSERT INTO kpimesh_membership_version (deployment_id, version) VALUES ('cluster-a', 4) RETURNING version");
        Assert.False(await log.AdvanceCheckpointAsync(appended[1].Sequence, settled, null, CancellationToken.None), "moved although a silo joined or died");
        Assert.Equal(4, await log.ReadMembershipVersionAsync(CancellationToken.None));
        Assert.True(await log.AdvanceCheckpointAsync(appended[1].Sequence, settled, 4, CancellationToken.None));
        Assert.Equal(settled, await log.ReadCheckpointAsync(CancellationToken.None));
        Assert.Equal(0, await new PostgresSubmissionLog(source, "service-b", "cluster-a").ReadCheckpointAsync(CancellationToken.None)); // each service has its own

        await using var turn = await log.TryTakeCheckpointTurnAsync(CancellationToken.None);
        Assert.NotNull(turn);
        Assert.Null(await new PostgresSubmissionLog(source, "service-a", "cluster-a").TryTakeCheckpointTurnAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_unreachable_database_is_reported_as_unavailable_not_as_a_crash()
    {
        var closed = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Timeout=2";
        await using var source = NpgsqlDataSource.Create(closed);
        var log = new PostgresSubmissionLog(source, "test", "test");
        await Assert.ThrowsAsync<StorageUnavailableException>(() => log.AppendAsync([Item("x", 1)], "t", CancellationToken.None));
        Assert.Equal(1, log.InDoubtAppends);
    }
}
