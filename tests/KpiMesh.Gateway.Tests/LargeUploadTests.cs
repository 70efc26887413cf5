using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// A month-end file of 50,000 village rows, uploaded as a dry run and then committed in the background while the client
/// follows its progress; the times are printed, not asserted.
/// </summary>
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

        // The dry run answers in the request (the synchronous shape); the commit runs in the background while the client follows it.
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var watch = Stopwatch.StartNew();
        var summary = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/units/130104/uploads?period=2026-11&dryRun=true", content));
        output.WriteLine($"50,000-row upload ({bytes.Length / 1024} KiB), dryRun=True: {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(rows, summary.GetProperty("rows").GetInt32());
        Assert.Equal(rows, summary.GetProperty("new").GetInt32());
        Assert.Equal(0, summary.GetProperty("refused").GetArrayLength());
        Assert.False(summary.GetProperty("committed").GetBoolean());

        content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        watch.Restart();
        var started = await server.Http.PostAsync("/api/v1/units/130104/uploads?period=2026-11&dryRun=false&async=true", content);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();
        var seen = new List<(string Phase, long Rows, long Bytes, long Total)>();
        JsonElement progress;
        while (true)
        {
            progress = await HttpAssert.OkJsonAsync(await server.Http.GetAsync(location));
            var phase = progress.GetProperty("phase").GetString()!;
            seen.Add((phase, progress.GetProperty("rowsRead").GetInt64(), progress.GetProperty("bytesRead").GetInt64(), progress.GetProperty("totalBytes").GetInt64()));
            if (phase is "done" or "failed") break;
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(30), "the upload never finished"); // a hang guard, not a speed goal
            await Task.Delay(100);
        }
        output.WriteLine($"50,000-row upload ({bytes.Length / 1024} KiB), dryRun=False (background): {watch.Elapsed.TotalSeconds:F1} s, {seen.Count} progress reads");
        Assert.Equal("done", progress.GetProperty("phase").GetString());
        Assert.All(seen, s => Assert.Equal(bytes.Length, s.Total));
        // The client saw the upload part way: some rows read, not all of the file, in a pass it was running.
        Assert.Contains(seen, s => s.Phase is "judging" or "committing" && s.Rows is > 0 and < 50_040 && s.Bytes < s.Total);
        // Within a pass, rows and bytes only grow.
        foreach (var pass in seen.GroupBy(s => s.Phase))
        {
            Assert.Equal(pass.Select(s => s.Rows).Order(), pass.Select(s => s.Rows));
            Assert.Equal(pass.Select(s => s.Bytes).Order(), pass.Select(s => s.Bytes));
        }
        summary = progress.GetProperty("summary");
        Assert.Equal(rows, summary.GetProperty("rows").GetInt32());
        Assert.Equal(rows, summary.GetProperty("new").GetInt32());
        Assert.True(summary.GetProperty("committed").GetBoolean());
        var county = await HttpAssert.PollAsync(server.Http, "/api/v1/units/130104", u => u.GetProperty("indicators").EnumerateArray()
            .Any(i => i.GetProperty("indicator").GetString() == "village_room_rate" && i.GetProperty("reportedUnits").GetInt32() >= rows), seconds: 120);
        var row = county.GetProperty("indicators").EnumerateArray().First(i => i.GetProperty("indicator").GetString() == "village_room_rate");
        Assert.Equal(Towns * (VillagesPerTown / 2), row.GetProperty("numerator").GetInt64());
    }
}
