using System.Text.Json;
using KpiMesh.LoadGen;
using Microsoft.Extensions.Configuration;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        KpiMesh load generator
          --Mode submit|read|trivial|peer|report   (default submit)
          --Target http://host:port   --ApiKey KEY   --Hierarchy FILE (.csv/.csv.gz the deployment holds)
          --Rate VALUES_PER_S (0 = unlimited)   --Duration 00:00:30   --Concurrency 8   --Batch 500
          --Top CODE (unit for freshness and reads; default the province)   --ProbeEvery 00:00:00.250
          --Readers 2   --ReadRate 100   --Seed 2021   --Json results.json
          peer:   --Postgres "Host=...;..."   (plain PostgreSQL: upserts + closure table, same submissions)
          report: --Results FOLDER --Out docs/benchmarks.md
          failover: --Targets URL,URL,... --Values N --RetryInterval 00:00:01 --StopFile F   (retries on the next target; bench/national.sh)
        """);
    return 0;
}

var options = new ConfigurationBuilder().AddCommandLine(args).Build().Get<LoadOptions>() ?? new LoadOptions();
if (options.Mode == "report")
{
    ReportWriter.Write(options.Results ?? throw new ArgumentException("--Results is required"), options.Out ?? "docs/benchmarks.md");
    Console.WriteLine($"wrote {options.Out}");
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var name = options.Json is null ? options.Mode : Path.GetFileNameWithoutExtension(options.Json);
var report = options.Mode == "peer"
    ? await new PeerBenchmark(options, Console.Out).RunAsync(name)
    : options.Mode == "failover" ? await new FailoverRun(options, new ConfigurationBuilder().AddCommandLine(args).Build(), Console.Out).RunAsync(name, cancel.Token)
    : await new LoadRunner(options, Console.Out).RunAsync(name, cancel.Token);
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
Console.WriteLine(json);
if (options.Json is not null) await File.WriteAllTextAsync(options.Json, json);
return report.FailedRequests > 0 && report.ValuesAccepted == 0 && report.Requests > 0 ? 1 : 0;
