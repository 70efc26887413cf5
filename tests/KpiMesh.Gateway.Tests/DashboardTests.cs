using KpiMesh.Abstractions;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using KpiMesh.Testing;
using Xunit.Abstractions;

namespace KpiMesh.Gateway.Tests;

/// <summary>The Grafana dashboards: well formed, and every query they make answered by a real Prometheus scraping a real server.</summary>
public sealed class DashboardTests(ITestOutputHelper output)
{
    private static IEnumerable<(string File, JsonElement Dashboard)> Dashboards() =>
        Directory.GetFiles(Path.Combine(Repository.Root, "dashboards"), "*.json").Order()
            .Select(file => (Path.GetFileName(file), JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone()));

    private static IEnumerable<(string Panel, string Expr)> Queries(JsonElement dashboard) =>
        dashboard.GetProperty("panels").EnumerateArray().SelectMany(panel => panel.GetProperty("targets").EnumerateArray()
            .Select(target => (panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!)));

    [Fact]
    public void Dashboards_are_valid_with_unique_panel_ids_units_descriptions_and_a_datasource_variable()
    {
        var dashboards = Dashboards().ToList();
        Assert.Equal(["kpimesh-cluster.json", "kpimesh-submissions.json", "kpimesh-targets.json"], dashboards.Select(d => d.File));
        Assert.Equal(3, dashboards.Select(d => d.Dashboard.GetProperty("uid").GetString()).Distinct().Count());
        foreach (var (file, dashboard) in dashboards)
        {
            var variables = dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
            Assert.Contains(variables, v => v.GetProperty("name").GetString() == "datasource" && v.GetProperty("type").GetString() == "datasource"
                && v.GetProperty("query").GetString() == "prometheus");
            var panels = dashboard.GetProperty("panels").EnumerateArray().ToList();
            Assert.True(panels.Count >= 5, $"{file}: {panels.Count} panels");
            Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
            foreach (var panel in panels)
            {
                var title = $"{file} / {panel.GetProperty("title").GetString()}";
                Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("description").GetString()), $"{title}: no description");
                Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString()), $"{title}: no unit");
                Assert.True(panel.GetProperty("fieldConfig").GetProperty("defaults").TryGetProperty("thresholds", out _), $"{title}: no thresholds");
                Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
                Assert.All(panel.GetProperty("targets").EnumerateArray(), t => Assert.Equal("${datasource}", t.GetProperty("datasource").GetProperty("uid").GetString()));
                Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
            }
        }
    }

    /// <summary>What a dashboard variable stands for in the test: a unit and an indicator that the load gives data.</summary>
    private static string Concrete(string expr) => expr.Replace("$__rate_interval", "1m").Replace("$unit", "13").Replace("$indicator", "village_room_rate");

    [Fact]
    public async Task Every_panel_query_returns_data_from_a_real_Prometheus()
    {
        var prometheusBin = Environment.GetEnvironmentVariable("PROMETHEUS_BIN") ?? "/usr/bin/prometheus";
        Assert.True(File.Exists(prometheusBin), $"{prometheusBin} is missing: run the tests with scripts/test.sh, which installs Debian's prometheus");
        await using var database = await TestDatabase.CreateAsync();
        // A server process of its own: meters are process-wide, and other tests' in-process servers would mix in.
        // As on Kubernetes: nothing open, and Prometheus scrapes the management port without credentials.
        var cluster = "dash" + Guid.NewGuid().ToString("N")[..8];
        const string adminKey = "dashboard-admin-key-0123456789";
        var managementPort = FreePort.Next();
        await using var serverProcess = ServerProcess.Start([
            "--ConnectionStrings:Postgres", database.ConnectionString, "--ADMIN_KEY", adminKey, "--Orleans:ClusterId", cluster, "--Orleans:ServiceId", cluster,
            "--Management:Port", managementPort.ToString(), "--Management:Host", "127.0.0.1",
        ]);
        await serverProcess.WaitAsync("/health/ready");
        using var http = new HttpClient { BaseAddress = serverProcess.Address };
        http.DefaultRequestHeaders.Add("X-Api-Key", adminKey);

        var work = Directory.CreateTempSubdirectory("kpimesh-prometheus-");
        var prometheusPort = FreePort.Next();
        await File.WriteAllTextAsync(Path.Combine(work.FullName, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: kpimesh
                metrics_path: /metrics
                static_configs:
                  - targets: ["127.0.0.1:{managementPort}"]
            """);
        var info = new ProcessStartInfo(prometheusBin) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { $"--config.file={Path.Combine(work.FullName, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(work.FullName, "data")}",
                     $"--web.listen-address=127.0.0.1:{prometheusPort}" }) info.ArgumentList.Add(arg);
        using var prometheus = Process.Start(info)!;
        var prometheusLog = new StringBuilder();
        prometheus.ErrorDataReceived += (_, e) => { lock (prometheusLog) prometheusLog.AppendLine(e.Data); };
        prometheus.BeginErrorReadLine();
        using var query = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}") };
        try
        {
            // Scraping before the hierarchy and the first submission, so counters seen growing include the first activations' reads.
            for (var waited = 0; ; waited++)
            {
                var up = await GetJsonAsync(query, "/api/v1/query?query=up");
                if (up.GetProperty("data").GetProperty("result").EnumerateArray().Any(r => r.GetProperty("value")[1].GetString() == "1")) break;
                Assert.True(waited < 100, "Prometheus never scraped the server: " + prometheusLog);
                await Task.Delay(200);
            }
            // Qinhuangdao (2,612 units): enough villages that every round activates new grains, so the storage-read
            // series keeps growing while Prometheus watches (a series seen only once has no rate).
            var rows = SharedData.HebeiCity("1303");
            await HttpAssert.OkJsonAsync(await http.PostAsync("/api/v1/hierarchy", new StringContent(SharedData.ToCsv(rows), Encoding.UTF8, "text/csv")));
            await LoadAsync(http, rows, TimeSpan.FromSeconds(8));
            await Task.Delay(TimeSpan.FromSeconds(3)); // the last scrapes
            var failures = new List<string>();
            var checkedQueries = 0;
            foreach (var (file, dashboard) in Dashboards())
            {
                foreach (var (panel, expr) in Queries(dashboard))
                {
                    checkedQueries++;
                    var answer = await GetJsonAsync(query, "/api/v1/query?query=" + Uri.EscapeDataString(Concrete(expr)));
                    var result = answer.GetProperty("data").GetProperty("result").EnumerateArray().ToList();
                    var finite = result.Count(r => double.TryParse(r.GetProperty("value")[1].GetString(), System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v));
                    output.WriteLine($"{file} / {panel}: {result.Count} series, {finite} finite");
                    if (finite == 0) failures.Add($"{file} / {panel}: no data for {Concrete(expr)}");
                }
                foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
                {
                    // Grafana's label_values(selector, label) is Prometheus' label values API with a match[].
                    var definition = variable.GetProperty("definition").GetString()!;
                    var inner = definition["label_values(".Length..^1];
                    var comma = inner.LastIndexOf(',');
                    var (selector, label) = (inner[..comma].Trim(), inner[(comma + 1)..].Trim());
                    var values = await GetJsonAsync(query, $"/api/v1/label/{label}/values?match[]={Uri.EscapeDataString(selector)}");
                    var count = values.GetProperty("data").GetArrayLength();
                    output.WriteLine($"{file} / ${variable.GetProperty("name").GetString()}: {count} values");
                    if (count == 0) failures.Add($"{file} / variable {variable.GetProperty("name").GetString()}: no values for {definition}");
                }
            }
            Assert.True(checkedQueries >= 20, $"only {checkedQueries} queries");
            Assert.True(failures.Count == 0, string.Join("\n", failures) + "\nprometheus: " + prometheusLog);
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            work.Delete(recursive: true);
        }
    }

    /// <summary>A query to Prometheus, retried while it is still starting (connection refused, then 503 until its storage is up).</summary>
    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var response = await client.GetAsync(path);
                if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt >= 100) return await HttpAssert.OkJsonAsync(response);
            }
            catch (HttpRequestException) when (attempt < 100) { }
            await Task.Delay(200);
        }
    }

    /// <summary>A few seconds of what counties do: values (good and bad), warning counts, reads and a live stream.</summary>
    private static async Task LoadAsync(HttpClient http, IReadOnlyList<HierarchyRowData> rows, TimeSpan duration)
    {
        var villages = rows.Where(r => r.Level == "village").Select(r => r.Code).ToList();
        var towns = rows.Where(r => r.Level == "town").Select(r => r.Code).ToList();
        var deadline = DateTime.UtcNow + duration;
        var random = new Random(6);
        using var stream = await http.GetAsync("/api/v1/units/13/stream", HttpCompletionOption.ResponseHeadersRead);
        for (var round = 0; DateTime.UtcNow < deadline; round++)
        {
            var month = $"2021-{1 + round % 12:00}";
            var town = towns[round % towns.Count];
            var items = string.Join(",", villages.Skip(round * 5 % villages.Count).Take(5).Select(v =>
                $$"""{ "unit": "{{v}}", "indicator": "village_room_rate", "numerator": {{random.Next(2)}}, "period": "{{month}}" }"""));
            var body = $$"""
                { "submissions": [ {{items}},
                  { "unit": "{{town}}", "indicator": "patient_treatment_rate", "numerator": {{random.Next(50)}}, "denominator": 60, "period": "{{month}}" },
                  { "unit": "{{town}}", "indicator": "warning_cases", "option": "red", "numerator": {{random.Next(9)}}, "period": "{{month}}" },
                  { "unit": "{{town}}", "indicator": "warning_cases", "option": "yellow", "numerator": {{random.Next(9)}}, "period": "{{month}}" },
                  { "unit": "{{town}}", "indicator": "warning_cases", "option": "green", "numerator": {{random.Next(9)}}, "period": "{{month}}" },
                  { "unit": "139999", "indicator": "village_room_rate", "numerator": 1, "period": "{{month}}" },
                  { "unit": "{{town}}", "indicator": "patient_treatment_rate", "numerator": 9, "denominator": 3, "period": "{{month}}" } ] }
                """;
            await HttpAssert.OkJsonAsync(await http.PostAsync("/api/v1/submissions", ServerFixture.Json(body)));
            await HttpAssert.OkJsonAsync(await http.GetAsync("/api/v1/units/13"));
            await http.GetAsync("/api/v1/units/139999");
            await Task.Delay(100);
        }
    }
}
