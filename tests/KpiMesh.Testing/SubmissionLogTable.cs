using KpiMesh.Abstractions;
using Npgsql;

namespace KpiMesh.Testing;

/// <summary>The submission log read straight from its table, bypassing KpiMesh: the input of the tests' own model.</summary>
public static class SubmissionLogTable
{
    /// <summary>The model fed every logged row, how many rows there are, and every logged id.</summary>
    public static async Task<(SubmissionModel Model, int Rows, HashSet<string> Ids)> ReadAsync(string connectionString, IReadOnlyDictionary<string, string?> parentOf)
    {
        var model = new SubmissionModel(parentOf);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT unit, indicator, option, numerator, denominator, period, submission_id, seq FROM kpimesh_submission ORDER BY seq", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.IsDBNull(6) ? null : reader.GetString(6);
            if (id is not null) ids.Add(id);
            model.Apply(reader.GetString(0), new SubmissionItem(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt64(3), reader.GetInt64(4), reader.GetString(5), id, reader.GetInt64(7)));
            count++;
        }
        return (model, count, ids);
    }
}
