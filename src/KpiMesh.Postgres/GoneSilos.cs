using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KpiMesh.Postgres;

/// <summary>
/// Declares dead, before this process's silo joins, the silos the membership table still lists as active although
/// they are gone: nothing listens on their silo port (the connection is refused) and they have not written their
/// heartbeat for <c>IAmAliveTablePublishTimeout</c> × <c>NumMissedTableIAmAliveLimit</c>, the age at which Orleans
/// itself calls a silo stale. Orleans 10 makes a joining silo ping every active silo, however stale, and join only
/// when all answer or have been evicted by its probes (<c>ProbeTimeout</c> × <c>NumMissedProbesLimit</c>): after every
/// process of the national benchmark was killed, a cold start waited 15.4 s there and logged a <c>fail:</c> line per
/// round of pings and per routing table it could not publish to them. Both tests must hold: a live silo always listens
/// on its port, however saturated (the kernel accepts for it), and one cut off from this process by the network still
/// writes its heartbeat; a connection that times out proves nothing and is left to Orleans.
/// </summary>
public static class GoneSilos
{
    private const int Active = 3;  // Orleans' SiloStatus.Active
    private const int Dead = 6;    // Orleans' SiloStatus.Dead
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    private sealed record Silo(string Address, int Port, int Generation, DateTime IAmAlive);

    /// <param name="own">This process's silo endpoint: its own earlier generation there is left to Orleans, which declares it
    /// dead at once when it starts (waiting for that row's heartbeat to go stale would slow every restart after a kill).</param>
    /// <param name="staleAfter">Orleans' staleness: <c>IAmAliveTablePublishTimeout</c> × <c>NumMissedTableIAmAliveLimit</c>.</param>
    /// <returns>How many silos were declared dead.</returns>
    public static async Task<int> DeclareDeadAsync(string connectionString, string clusterId, IPEndPoint own, TimeSpan staleAfter, ILogger logger,
        CancellationToken cancellationToken = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var others = (await ReadActiveAsync(dataSource, clusterId, cancellationToken)).Where(s => !IsAt(s, own)).ToList();
        var refused = await RefusingAsync(others);
        if (refused.Count == 0) return 0;

        // Killed a moment ago (a cold start of the whole service): wait until the last heartbeat is stale, then ask
        // again; one that beat meanwhile is alive and stays.
        var wait = refused.Max(s => s.IAmAlive) + staleAfter - DateTime.UtcNow;
        if (wait > staleAfter) wait = staleAfter; // a heartbeat from a clock ahead of ours
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
            var again = await ReadActiveAsync(dataSource, clusterId, cancellationToken);
            refused = await RefusingAsync(again.Where(refused.Contains).ToList());
        }
        var dead = await MarkDeadAsync(dataSource, clusterId, refused.Where(s => DateTime.UtcNow - s.IAmAlive >= staleAfter).ToList(), cancellationToken);
        if (dead.Count > 0)
            logger.LogInformation("Declared {Count} silo(s) dead before joining: listed as active, nothing listens on their port and no heartbeat for {Seconds:F0} s ({Silos})",
                dead.Count, staleAfter.TotalSeconds, string.Join(", ", dead.Select(s => $"{s.Address}:{s.Port}@{s.Generation}")));
        return dead.Count;
    }

    private static bool IsAt(Silo silo, IPEndPoint endpoint) =>
        silo.Port == endpoint.Port && IPAddress.TryParse(silo.Address, out var address) && address.Equals(endpoint.Address);

    private static async Task<List<Silo>> ReadActiveAsync(NpgsqlDataSource dataSource, string clusterId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT address, port, generation, i_am_alive_time FROM kpimesh_membership WHERE deployment_id = @cluster AND status = @active");
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("active", Active);
        var silos = new List<Silo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            silos.Add(new Silo(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetDateTime(3)));
        return silos;
    }

    private static async Task<List<Silo>> RefusingAsync(List<Silo> silos)
    {
        var refused = await Task.WhenAll(silos.Select(RefusesAsync));
        return silos.Where((_, i) => refused[i]).ToList();
    }

    private static async Task<bool> RefusesAsync(Silo silo)
    {
        if (!IPAddress.TryParse(silo.Address, out var address)) return false;
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, silo.Port), timeout.Token);
            return false;
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.ConnectionRefused) { return true; }
        catch (Exception error) when (error is SocketException or OperationCanceledException) { return false; }
    }

    /// <summary>
    /// Marks the silos dead if their heartbeat is still the one read, and bumps the table's version, Orleans' etag:
    /// a silo's write based on the version before fails and re-reads, so no silo writes the rows back as active.
    /// </summary>
    private static async Task<List<Silo>> MarkDeadAsync(NpgsqlDataSource dataSource, string clusterId, List<Silo> silos, CancellationToken cancellationToken)
    {
        var dead = new List<Silo>();
        if (silos.Count == 0) return dead;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var silo in silos)
        {
            await using var update = new NpgsqlCommand(
                """
                UPDATE kpimesh_membership SET status = @dead
                 WHERE deployment_id = @cluster AND address = @address AND port = @port AND generation = @generation
                   AND status = @active AND i_am_alive_time = @iAmAlive
                """, connection, transaction);
            update.Parameters.AddWithValue("dead", Dead);
            update.Parameters.AddWithValue("cluster", clusterId);
            update.Parameters.AddWithValue("address", silo.Address);
            update.Parameters.AddWithValue("port", silo.Port);
            update.Parameters.AddWithValue("generation", silo.Generation);
            update.Parameters.AddWithValue("active", Active);
            update.Parameters.AddWithValue("iAmAlive", silo.IAmAlive);
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 1) dead.Add(silo);
        }
        if (dead.Count > 0)
        {
            await using var bump = new NpgsqlCommand(
                "UPDATE kpimesh_membership_version SET version = version + 1, changed_at = now() WHERE deployment_id = @cluster", connection, transaction);
            bump.Parameters.AddWithValue("cluster", clusterId);
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return dead;
    }
}
