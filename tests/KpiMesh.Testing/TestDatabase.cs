using Npgsql;

namespace KpiMesh.Testing;

/// <summary>
/// A fresh, empty database on the PostgreSQL that scripts/test.sh started (KPIMESH_TEST_POSTGRES), dropped at the end.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private TestDatabase(string server, string name, string connectionString) =>
        (_server, _name, ConnectionString) = (server, name, connectionString);

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("KPIMESH_TEST_POSTGRES")
            ?? throw new InvalidOperationException("KPIMESH_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts PostgreSQL");
        var name = "kpimesh_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new TestDatabase(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
