using System.Text.Json;
using KpiMesh.LoadGen;

return await LoadCommand.Create(RunAsync).Parse(args).InvokeAsync();

static async Task<int> RunAsync(LoadOptions options, CancellationToken cancellationToken)
{
    if (options.Mode == "report")
    {
        ReportWriter.Write(options.Results!, options.Out ?? "docs/benchmarks.md");
        Console.WriteLine($"wrote {options.Out}");
        return 0;
    }
    var name = options.Json is null ? options.Mode : Path.GetFileNameWithoutExtension(options.Json);
    var report = options.Mode == "peer"
        ? await new PeerBenchmark(options, Console.Out).RunAsync(name, cancellationToken)
        : options.Mode == "failover" ? await new FailoverRun(options, Console.Out).RunAsync(name, cancellationToken)
        : options.Mode == "xlsx" ? await new XlsxBenchmark(options, Console.Out).RunAsync(name, cancellationToken)
        : await new LoadRunner(options, Console.Out).RunAsync(name, cancellationToken);
    var json = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
    Console.WriteLine(json);
    if (options.Json is not null) await File.WriteAllTextAsync(options.Json, json, CancellationToken.None);
    return report.FailedRequests > 0 && report.ValuesAccepted == 0 && report.Requests > 0 ? 1 : 0;
}
