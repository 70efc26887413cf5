using System.Net;
using System.Net.Sockets;
using KpiMesh.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace KpiMesh.Cluster.Tests;

/// <summary>
/// Before a silo joins, the silos the membership table lists as active are declared dead only when both tests say
/// they are gone: nothing listens on their port, and no heartbeat for Orleans' staleness period.
/// </summary>
public sealed class GoneSilosTests
{
    private const int Active = 3, Dead = 6;

    [Fact]
    public async Task Only_silos_that_refuse_connections_and_stopped_their_heartbeat_are_declared_dead()
    {
        await using var database = await PostgresCluster.CreateDatabaseAsync();
        using var listening = new TcpListener(IPAddress.Loopback, 0);
        listening.Start();
        var live = ((IPEndPoint)listening.LocalEndpoint).Port;
        var closed = ClosedPorts(4);
        var staleAfter = TimeSpan.FromSeconds(2);

        await database.ScalarAsync<int>("INSERT INTO kpimesh_membership_version (deployment_id, version) VALUES ('c', 7) RETURNING version");
        await Insert(database, "c", closed[0], "now() - interval '1 minute'");  // killed a while ago: dead
        await Insert(database, "c", live, "now() - interval '1 minute'");       // listens, heartbeat late (saturated): stays
        await Insert(database, "c", closed[1], "now()");                        // killed just now: dead once stale
        await Insert(database, "c", closed[2], "now()");                        // refused, but beats again: stays
        await Insert(database, "other", closed[0], "now() - interval '1 minute'"); // another cluster: untouched
        await Insert(database, "c", closed[3], "now() - interval '1 minute'");  // this process's own endpoint: Orleans' job

        var beat = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await database.ScalarAsync<int>($"UPDATE kpimesh_membership SET i_am_alive_time = now() WHERE port = {closed[2]} RETURNING 1");
        });
        var declared = await GoneSilos.DeclareDeadAsync(database.ConnectionString, "c", new IPEndPoint(IPAddress.Loopback, closed[3]), staleAfter, NullLogger.Instance);
        await beat;

        Assert.Equal(2, declared);
        Assert.Equal(Dead, await StatusAsync(database, "c", closed[0]));
        Assert.Equal(Active, await StatusAsync(database, "c", live));
        Assert.Equal(Dead, await StatusAsync(database, "c", closed[1]));
        Assert.Equal(Active, await StatusAsync(database, "c", closed[2]));
        Assert.Equal(Active, await StatusAsync(database, "other", closed[0]));
        Assert.Equal(Active, await StatusAsync(database, "c", closed[3]));
        Assert.Equal(8, await database.ScalarAsync<int>("SELECT version FROM kpimesh_membership_version WHERE deployment_id = 'c'"));
    }

    private static int[] ClosedPorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    private static async Task Insert(KpiMesh.Testing.TestDatabase database, string cluster, int port, string iAmAlive)
    {
        await database.ScalarAsync<int>($"INSERT INTO kpimesh_membership_version (deployment_id) VALUES ('{cluster}') ON CONFLICT DO NOTHING; SELECT 1");
        await database.ScalarAsync<int>(
            $"""
            INSERT INTO kpimesh_membership (deployment_id, address, port, generation, silo_name, host_name, status, start_time, i_am_alive_time)
            VALUES ('{cluster}', '127.0.0.1', {port}, 1, 's', 'h', {Active}, now(), {iAmAlive}) RETURNING 1
            """);
    }

    private static Task<int> StatusAsync(KpiMesh.Testing.TestDatabase database, string cluster, int port) =>
        database.ScalarAsync<int>($"SELECT status FROM kpimesh_membership WHERE deployment_id = '{cluster}' AND port = {port}");
}
