using System.Text.Json;
using KpiMesh.Abstractions;
using KpiMesh.Testing;

namespace KpiMesh.Process.Tests;

/// <summary>
/// The independent account: reads the submission log table directly and lets the test's own model say what every
/// rollup must be, then compares with what the gateways report.
/// </summary>
public sealed class LogOracle(string connectionString, HierarchyRowData[] rows)
{
    private readonly Dictionary<string, string?> _parentOf = SharedData.ParentMap(rows);

    public Task<(SubmissionModel Model, int Rows, HashSet<string> Ids)> ReadAsync() => SubmissionLogTable.ReadAsync(connectionString, _parentOf);

    /// <summary>Asserts that every id a client was told was accepted is in the log; answers how many rows the log holds.</summary>
    public async Task<int> AssertLoggedAsync(IEnumerable<string> acceptedIds)
    {
        var (_, logRows, loggedIds) = await ReadAsync();
        var missing = acceptedIds.Distinct().Where(id => !loggedIds.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} accepted ids are not in the log ({logRows} rows), e.g. {string.Join(", ", missing.Take(5))}");
        return logRows;
    }

    /// <summary>Polls until every administrative unit above the villages matches the log, or fails with the differences.</summary>
    public async Task AssertRollupsMatchAsync(Uri gateway, TimeSpan timeout)
    {
        var (model, _, _) = await ReadAsync();
        var units = rows.Where(r => r.Level is "town" or "county" or "city" or "province" or "nation").Select(r => r.Code).ToList();
        var villagesUnder = units.ToDictionary(u => u, u => rows.Count(r => r.Level == "village" && SharedData.IsUnder(r.Code, u, _parentOf)));
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        List<string> differences;
        do
        {
            differences = [];
            foreach (var code in units)
            {
                using var unit = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/units/{code}"));
                var observed = unit.RootElement.GetProperty("indicators").EnumerateArray().Select(i => new ObservedRow(
                    i.GetProperty("indicator").GetString()!, i.GetProperty("option").GetString(), i.GetProperty("numerator").GetInt64(),
                    i.GetProperty("denominator").GetInt64(), i.GetProperty("expectedUnits").GetInt32(), i.GetProperty("reportedUnits").GetInt32()));
                differences.AddRange(RollupExpectations.Differences(code, observed, model, villagesUnder[code]));
            }
            if (differences.Count == 0) return;
            await Task.Delay(500);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"{differences.Count} rollups differ from the log after {timeout}:\n" + string.Join("\n", differences.Take(15)));
    }
}
