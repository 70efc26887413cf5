using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Xunit.Abstractions;

namespace KpiMesh.Gateway.Tests;

/// <summary>A month-end file of 50,000 village rows, uploaded as a dry run and then committed; the times are printed, not asserted.</summary>
public sealed class LargeUploadTests(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    private const int Towns = 60;
    private const int VillagesPerTown = 834; // 50,040 villages

    [Fact]
    public async Task A_50000_row_upload_commits_every_value_and_the_county_sees_them_all()
    {
        var hierarchy = new StringBuilder("code,name,level,parent_code\n");
        var file = new StringBuilder("unit,name,level,village_room_rate.numerator\n");
        for (var t = 1; t <= Towns; t++)
        {
            var town = $"130104{t + 100:D3}";
            hierarchy.Append($"{town},镇{t},town,130104\n");
            for (var v = 1; v <= VillagesPerTown; v++)
            {
                hierarchy.Append($"{town}{v:D3},村{t}-{v},village,{town}\n");
                file.Append($"{town}{v:D3},村{t}-{v},village,{v % 2}\n");
            }
        }
        var load = await server.Http.PostAsync("/api/v1/hierarchy", new StringContent(hierarchy.ToString(), Encoding.UTF8, "text/csv"));
        Assert.True(load.IsSuccessStatusCode, await load.Content.ReadAsStringAsync());
        var rows = Towns * VillagesPerTown;
        var bytes = Encoding.UTF8.GetBytes(file.ToString());

        foreach (var dryRun in new[] { true, false })
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            var watch = Stopwatch.StartNew();
            var summary = await HttpAssert.OkJsonAsync(await server.Http.PostAsync($"/api/v1/units/130104/uploads?period=2026-11&dryRun={dryRun}", content));
            output.WriteLine($"50,000-row upload ({bytes.Length / 1024} KiB), dryRun={dryRun}: {watch.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(rows, summary.GetProperty("rows").GetInt32());
            Assert.Equal(rows, summary.GetProperty("new").GetInt32());
            Assert.Equal(0, summary.GetProperty("refused").GetArrayLength());
            Assert.Equal(!dryRun, summary.GetProperty("committed").GetBoolean());
        }
        var county = await HttpAssert.PollAsync(server.Http, "/api/v1/units/130104", u => u.GetProperty("indicators").EnumerateArray()
            .Any(i => i.GetProperty("indicator").GetString() == "village_room_rate" && i.GetProperty("reportedUnits").GetInt32() >= rows), seconds: 120);
        var row = county.GetProperty("indicators").EnumerateArray().First(i => i.GetProperty("indicator").GetString() == "village_room_rate");
        Assert.Equal(Towns * (VillagesPerTown / 2), row.GetProperty("numerator").GetInt64());
    }
}
