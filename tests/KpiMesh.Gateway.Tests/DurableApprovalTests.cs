using System.Net.Http.Json;
using System.Text;
using KpiMesh.Testing;

namespace KpiMesh.Gateway.Tests;

/// <summary>Approvals are kept in PostgreSQL like every other grain state: a restarted server still holds the lock and the signed-off figure.</summary>
public sealed class DurableApprovalTests
{
    [Fact]
    public async Task An_approval_and_its_lock_survive_a_restart_on_postgresql()
    {
        await using var database = await TestDatabase.CreateAsync();
        var cluster = "approvals" + Guid.NewGuid().ToString("N")[..8];
        string[] arguments = ["--ADMIN_KEY", "", "--ConnectionStrings:Postgres", database.ConnectionString, "--Orleans:ClusterId", cluster, "--Orleans:ServiceId", cluster];
        const string path = "/api/v1/units/130102001/approvals/2026-11";
        static object Value(string unit) => new { submissions = new[] { new { unit, indicator = "village_room_rate", numerator = 1, period = "2026-11" } } };

        await using (var first = ServerProcess.Start(arguments, name: "approvals-1"))
        {
            await first.WaitReadyAsync(TimeSpan.FromMinutes(2));
            using var http = new HttpClient { BaseAddress = first.Address };
            await HttpAssert.OkJsonAsync(await http.PostAsync("/api/v1/hierarchy", new StringContent(ServerFixture.Hierarchy, Encoding.UTF8, "text/csv")));
            await HttpAssert.OkJsonAsync(await http.PostAsJsonAsync("/api/v1/submissions", Value("130102001001")));
            await HttpAssert.PollAsync(http, "/api/v1/units/130102001", u => u.GetProperty("indicators").EnumerateArray()
                .Any(i => i.GetProperty("indicator").GetString() == "village_room_rate" && i.GetProperty("numerator").GetInt64() == 1));
            await HttpAssert.OkJsonAsync(await http.PostAsJsonAsync(path, new { action = "complete", reason = "村二未建" }));
            await HttpAssert.OkJsonAsync(await http.PostAsJsonAsync(path, new { action = "approve" }));
            Assert.True(await first.StopAsync(TimeSpan.FromSeconds(60)) is not null, "the first server did not stop");
        }

        await using var second = ServerProcess.Start(arguments, name: "approvals-2");
        await second.WaitReadyAsync(TimeSpan.FromMinutes(2));
        using var again = new HttpClient { BaseAddress = second.Address };
        var approval = await HttpAssert.OkJsonAsync(await again.GetAsync(path));
        Assert.Equal("approved", approval.GetProperty("state").GetString());
        Assert.Equal(2, approval.GetProperty("history").GetArrayLength());
        var late = await HttpAssert.OkJsonAsync(await again.PostAsJsonAsync("/api/v1/submissions", Value("130102001002")));
        Assert.Equal(0, late.GetProperty("accepted").GetInt32());
        var signedOff = await HttpAssert.OkJsonAsync(await again.GetAsync("/api/v1/units/1301?approved=true&period=2026-11"));
        Assert.Equal(1, signedOff.GetProperty("indicators").EnumerateArray().First(i => i.GetProperty("indicator").GetString() == "village_room_rate").GetProperty("numerator").GetInt64());
    }
}
