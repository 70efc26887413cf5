using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KpiMesh.Testing;
using Xunit.Abstractions;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// The log an operator reads: a server process started, loaded and stopped with the shipped log levels writes its
/// start-up lines, one line per import and nothing per submission or grain; a SIGTERM (what Kubernetes and
/// <c>docker stop</c> send) ends it with exit code 0, no error entry, well inside Kubernetes' 30 s grace.
/// The logs are read as JSON (<c>Logging:Console:FormatterName=json</c>, as <c>k8s/</c> sets), one entry a line.
/// </summary>
public sealed class LogVolumeTests(ITestOutputHelper output)
{
    /// <summary>Kubernetes' default terminationGracePeriodSeconds, which <c>k8s/</c> keeps.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_start_a_load_and_a_stop_log_a_few_lines_and_no_error(bool durable)
    {
        await using var database = durable ? await TestDatabase.CreateAsync() : null;
        var cluster = "logs" + Guid.NewGuid().ToString("N")[..8];
        string[] storage = database is null ? []
            : ["--ConnectionStrings:Postgres", database.ConnectionString, "--Orleans:ClusterId", cluster, "--Orleans:ServiceId", cluster];
        // A flush interval long enough, at every level, that the stop below surely finds reports still pending: a
        // stopping embedded process must drop them (its memory goes with it), not send them to parents being
        // deactivated; a durable one sends them on its way out within its save budget and must not log the parents'
        // deactivation as errors. (With the towns at 5 s and the counties up at their default 25 ms, a durable stop
        // once logged an Orleans error, a migration with no silo to go to; the process tests stop with the defaults.)
        await using var server = ServerProcess.Start(["--Logging:Console:FormatterName", "json", "--ADMIN_KEY", "",
            "--Rollup:FlushInterval", "00:00:05", "--Rollup:UpperFlushInterval", "00:00:05", .. storage]);
        await server.WaitAsync("/health/ready", "Rollups reach", TimeSpan.FromMinutes(2));
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };

        // Qinhuangdao (2,612 units), and a value from each of its villages: thousands of grain activations, each of
        // which Orleans' placement pipeline used to log twice at Information.
        var rows = SharedData.HebeiCity("1303");
        await HttpAssert.OkJsonAsync(await http.PostAsync("/api/v1/hierarchy", new StringContent(SharedData.ToCsv(rows), Encoding.UTF8, "text/csv")));
        var villages = rows.Where(r => r.Level == "village").Select(r => r.Code).ToList();
        foreach (var batch in villages.Chunk(500))
        {
            var body = new { submissions = batch.Select(code => new { unit = code, indicator = "village_room_rate", numerator = 1, period = "2026-11" }) };
            var answer = await HttpAssert.OkJsonAsync(await http.PostAsJsonAsync("/api/v1/submissions", body));
            Assert.Equal(batch.Length, answer.GetProperty("accepted").GetInt32());
        }
        await HttpAssert.PollAsync(http, "/api/v1/units/1303", unit => unit.GetProperty("indicators").EnumerateArray()
            .Any(i => i.GetProperty("indicator").GetString() == "village_room_rate" && i.GetProperty("numerator").GetInt64() == villages.Count), seconds: 60);

        // A second value from every village and the stop at once: the towns and above still hold reports to send,
        // which a stopping embedded process drops and a durable one sends (and saves) on its way out.
        foreach (var batch in villages.Chunk(500))
        {
            var body = new { submissions = batch.Select(code => new { unit = code, indicator = "village_room_rate", numerator = 0, period = "2026-11" }) };
            await HttpAssert.OkJsonAsync(await http.PostAsJsonAsync("/api/v1/submissions", body));
        }
        var stopped = await server.StopAsync(Grace);
        Assert.True(stopped is not null, $"the server did not end within {Grace.TotalSeconds} s of SIGTERM:\n{Tail(server.Output)}");
        output.WriteLine($"{(durable ? "PostgreSQL" : "embedded")}: {villages.Count} villages submitted; stopped in {stopped.Value.Took.TotalSeconds:F1} s, exit code {stopped.Value.ExitCode}");
        Assert.Equal(0, stopped.Value.ExitCode);

        var entries = Entries(server.Output);
        foreach (var group in entries.GroupBy(e => (e.Level, e.Category)).OrderByDescending(g => g.Count()))
            output.WriteLine($"{group.Count(),6} {group.Key.Level} {group.Key.Category}");
        var errors = entries.Where(e => e.Level is "Error" or "Critical").ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} error entries on a clean start, load and stop, e.g. {errors.FirstOrDefault().Line}");
        Assert.DoesNotContain(entries, e => e.Category.StartsWith("Polly", StringComparison.Ordinal));
        // Start-up (host, banner, the import's two lines) and the stop: a couple of dozen, whatever the load.
        var information = entries.Count(e => e.Level == "Information");
        Assert.True(information <= 25, $"{information} Information entries for one start, import, load and stop");
        // Warnings are for real trouble only; Orleans reports turns slowed by a busy machine, so some slack.
        Assert.True(entries.Count <= 100, $"{entries.Count} log entries for one start, import, load and stop");
    }

    private static List<(string Level, string Category, string Line)> Entries(string log)
    {
        var entries = new List<(string, string, string)>();
        foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Assert.True(line.StartsWith('{'), $"a console line that is not a JSON entry: {line}");
            using var entry = JsonDocument.Parse(line);
            entries.Add((entry.RootElement.GetProperty("LogLevel").GetString()!, entry.RootElement.GetProperty("Category").GetString()!, line));
        }
        return entries;
    }

    private static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;
}
