using System.Text.Json;

namespace KpiMesh.Gateway.Tests;

public sealed class HistoryTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Todays_rollup_appears_in_the_daily_history_and_earlier_days_hold_what_was_there_then()
    {
        await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Submissions(("130102001", "patient_management_rate", 45, 60, "2026-11")));
        // The programme's local day (Beijing time): from 16:00 UTC it is already tomorrow there.
        var today = KpiMesh.Domain.Programmes.Programme.Default.Today(DateTimeOffset.UtcNow);
        var history = await HttpAssert.PollAsync(server.Http,
            $"/api/v1/units/1301/history?indicator=patient_management_rate&from={today.AddDays(-2):yyyy-MM-dd}&to={today:yyyy-MM-dd}",
            h => h.GetProperty("points")[2].GetProperty("indicator").GetProperty("numerator").GetInt64() == 45);
        var points = history.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(3, points.Count);
        Assert.Equal(today.ToString("yyyy-MM-dd"), points[2].GetProperty("day").GetString());
        Assert.Equal(0.75, points[2].GetProperty("indicator").GetProperty("value").GetDouble(), 9);
        Assert.Equal(0.8, points[2].GetProperty("indicator").GetProperty("target").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, points[0].GetProperty("indicator").GetProperty("value").ValueKind); // nothing before today
        Assert.Equal(JsonValueKind.Null, points[0].GetProperty("indicator").GetProperty("status").ValueKind); // and no data, no status
    }
}
