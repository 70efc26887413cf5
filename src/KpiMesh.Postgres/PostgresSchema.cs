using Npgsql;

namespace KpiMesh.Postgres;

/// <summary>
/// Brings a database to KpiMesh's schema. Safe to run on every start and from several processes at once: every
/// statement is idempotent and an advisory lock makes concurrent starts take turns.
/// </summary>
public static class PostgresSchema
{
    /// <summary>Arbitrary, fixed: the advisory lock id KpiMesh migrations serialise on.</summary>
    private const long MigrationLockId = 0x4B70_694D_6573_6801;

    /// <summary>The ADO.NET invariant Orleans' providers load Npgsql by.</summary>
    public const string Invariant = "Npgsql";

    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockId})", connection))
            await command.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            await using var schema = new NpgsqlCommand(ReadSchema(), connection);
            await schema.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockId})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static string ReadSchema()
    {
        using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream("KpiMesh.Postgres.Schema.sql")
            ?? throw new InvalidOperationException("Schema.sql is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
