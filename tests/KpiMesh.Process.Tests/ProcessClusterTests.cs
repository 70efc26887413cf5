using System.Text;
using KpiMesh.Testing;
using Xunit.Abstractions;

namespace KpiMesh.Process.Tests;

/// <summary>KpiMesh as an operator runs it: separate server processes clustered through PostgreSQL.</summary>
public sealed class ProcessClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(120);

    /// <param name="node">Fixes the silo and gateway ports, so a restarted node takes its old place as a real one would.</param>
    private static ServerProcess StartNode(string name, string postgres, string clusterId, int node, int httpPort) =>
        ServerProcess.Start([
                "--Orleans:ClusterId", clusterId, "--Orleans:ServiceId", clusterId,
                "--Orleans:SiloPort", (21000 + node).ToString(), "--Orleans:GatewayPort", (31000 + node).ToString(),
                // Declare a killed silo dead in seconds rather than the default half minute.
                "--Orleans:Membership:ProbeTimeout", "00:00:01", "--Orleans:Membership:NumMissedProbesLimit", "2",
                "--Orleans:Membership:TableRefreshTimeout", "00:00:02",
            ],
            new Dictionary<string, string> { ["KPIMESH_POSTGRES"] = postgres, ["DOTNET_gcServer"] = "0" }, // three servers share two cores
            httpPort, $"{clusterId}-{name}");

    /// <param name="graceful">SIGTERM (a pod deleted, a rolling upgrade) rather than SIGKILL (a crash).</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Three_processes_with_one_stopped_mid_load_lose_no_accepted_submission_and_every_rollup_equals_the_log(bool graceful)
    {
        await using var database = await TestDatabase.CreateAsync();
        var rows = SharedData.HebeiCity("1303");
        var clusterId = "kill-" + Guid.NewGuid().ToString("N")[..8];
        var httpPorts = Enumerable.Range(0, 3).Select(_ => FreePort.Next()).ToArray();
        var servers = new ServerProcess[3];
        try
        {
            for (var node = 0; node < 3; node++) servers[node] = StartNode($"node{node}", database.ConnectionString, clusterId, node, httpPorts[node]);
            foreach (var server in servers) await server.WaitReadyAsync(Startup);
            using (var http = new HttpClient { BaseAddress = servers[0].Address })
            {
                var load = await http.PostAsync("/api/v1/hierarchy", new StringContent(SharedData.ToCsv(rows), Encoding.UTF8, "text/csv"));
                Assert.True(load.IsSuccessStatusCode, await load.Content.ReadAsStringAsync());
            }

            var submitters = new HttpLoad(rows, seed: 1);
            using var stop = new CancellationTokenSource();
            var running = submitters.RunAsync(servers.Select(s => s.Address).ToList(), workers: 6, batchSize: 40, stop.Token);
            await submitters.WaitForAcceptedAsync(2_000, TimeSpan.FromSeconds(120)); // the stop must land mid-load
            if (graceful)
            {
                // Its units are mid-flush with reports pending and parents on the other silos: a stop that logs its
                // deactivations as errors, or outlives Kubernetes' grace (then SIGKILL), fails here.
                var stopped = await servers[1].StopAsync(TimeSpan.FromSeconds(30));
                Assert.True(stopped is not null, $"node1 did not end within 30 s of SIGTERM; see {servers[1].LogPath}");
                output.WriteLine($"node1 stopped (SIGTERM) in {stopped.Value.Took.TotalSeconds:F1} s at: {submitters.Counts}");
                Assert.Equal(0, stopped.Value.ExitCode);
                var errors = ErrorLines(servers[1].Output);
                Assert.True(errors.Count == 0, $"{errors.Count} error lines from a graceful stop, e.g.\n{string.Join("\n", errors.Take(3))}");
            }
            else
            {
                servers[1].Kill();
                output.WriteLine($"node1 killed (SIGKILL) at: {submitters.Counts}");
            }
            await Task.Delay(TimeSpan.FromSeconds(3));
            await servers[1].DisposeAsync();
            servers[1] = StartNode("node1-restarted", database.ConnectionString, clusterId, 1, httpPorts[1]);
            await servers[1].WaitReadyAsync(Startup);
            output.WriteLine($"node1 restarted and ready at: {submitters.Counts}");
            // It joined two serving silos, so it was ready without waiting for its replay (README "Recovery").
            Assert.True(await JoinedServingClusterAsync(servers[1]), "the restarted process did not see the serving silos");
            await Task.Delay(TimeSpan.FromSeconds(3));
            stop.Cancel();
            await running;

            var oracle = new LogOracle(database.ConnectionString, rows);
            var logRows = await oracle.AssertLoggedAsync(submitters.AcceptedIds);
            output.WriteLine($"{submitters.Counts}; submission log: {logRows} rows, every accepted id among them");
            Assert.True(submitters.Ok > 10, submitters.Counts);
            foreach (var server in servers) await oracle.AssertRollupsMatchAsync(server.Address, TimeSpan.FromSeconds(90));
            output.WriteLine($"every rollup from the towns to the nation equals the log, read through all three gateways");
        }
        catch
        {
            foreach (var server in servers.Where(s => s is not null)) output.WriteLine($"server log: {server.LogPath}");
            throw;
        }
        finally
        {
            foreach (var server in servers.Where(s => s is not null)) await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_postgres_stopped_mid_load_requests_get_503_nothing_accepted_is_lost_and_service_recovers()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var rows = SharedData.HebeiCity("1303");
        var server = StartNode("solo", postgres.ConnectionString, "outage-" + Guid.NewGuid().ToString("N")[..8], 5, FreePort.Next());
        try
        {
            await server.WaitReadyAsync(Startup);
            // A cold start of the service: ready only once its replay is done.
            Assert.False(await JoinedServingClusterAsync(server), "a lone process reported joining a serving cluster");
            using (var http = new HttpClient { BaseAddress = server.Address })
                Assert.True((await http.PostAsync("/api/v1/hierarchy", new StringContent(SharedData.ToCsv(rows), Encoding.UTF8, "text/csv"))).IsSuccessStatusCode);

            var submitters = new HttpLoad(rows, seed: 2);
            using var stop = new CancellationTokenSource();
            var running = submitters.RunAsync([server.Address], workers: 3, batchSize: 40, stop.Token);
            await submitters.WaitForAcceptedAsync(500, TimeSpan.FromSeconds(120));
            await postgres.StopServerAsync();
            output.WriteLine($"PostgreSQL stopped at: {submitters.Counts}");
            await Task.Delay(TimeSpan.FromSeconds(4));
            using (var http = new HttpClient { BaseAddress = server.Address })
                Assert.False((await http.GetAsync("/health/ready")).IsSuccessStatusCode, "ready while PostgreSQL is down");
            var okBeforeRestart = submitters.Ok;
            await postgres.StartServerAsync();
            output.WriteLine($"PostgreSQL started again at: {submitters.Counts}");
            await server.WaitReadyAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(4));
            stop.Cancel();
            await running;

            output.WriteLine(submitters.Counts);
            Assert.True(submitters.Unavailable > 0, "no request was answered 503 while PostgreSQL was down: " + submitters.Counts);
            Assert.All(submitters.UnavailableProblemTitles, title => Assert.Equal("Service unavailable", title));
            Assert.True(submitters.Ok > okBeforeRestart, "no request succeeded after PostgreSQL came back: " + submitters.Counts);

            var oracle = new LogOracle(postgres.ConnectionString, rows);
            output.WriteLine($"submission log: {await oracle.AssertLoggedAsync(submitters.AcceptedIds)} rows, every accepted id among them");
            await oracle.AssertRollupsMatchAsync(server.Address, TimeSpan.FromSeconds(60));
        }
        catch
        {
            output.WriteLine($"server log: {server.LogPath}");
            throw;
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>The entries logged at Error or Critical (console format: <c>fail:</c>, <c>crit:</c>), each with the line after it.</summary>
    private static List<string> ErrorLines(string log)
    {
        var lines = log.Split('\n');
        return lines.Select((line, i) => (line, i)).Where(l => l.line.StartsWith("fail:") || l.line.StartsWith("crit:"))
            .Select(l => l.line + (l.i + 1 < lines.Length ? " " + lines[l.i + 1].Trim() : "")).ToList();
    }

    /// <summary>What the process's readiness answer says of its start: joined silos already serving, or a cold start.</summary>
    private static async Task<bool> JoinedServingClusterAsync(ServerProcess server)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        using var ready = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/health/ready"));
        var recovery = ready.RootElement.GetProperty("checks").GetProperty("recovery");
        return recovery.GetProperty("data").GetProperty("joinedServingCluster").GetBoolean();
    }
}
