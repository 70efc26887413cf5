using System.Globalization;

namespace KpiMesh.LoadGen;

/// <summary>
/// The server's own counters (its <c>/metrics</c>, Prometheus text), read before and after a run so the report can say
/// what limited it from measurements: CPU the server used, garbage collections and their pauses, time in the
/// submission log. Each metric is summed over its labels; a deployment without /metrics just gives none.
/// </summary>
public sealed class ServerMetrics
{
    private static readonly string[] Names =
    [
        "dotnet_process_cpu_time_seconds_total", "dotnet_gc_collections_total", "dotnet_gc_pause_time_seconds_total",
        "kpimesh_log_append_duration_seconds_sum", "kpimesh_log_append_duration_seconds_count",
    ];

    private readonly Dictionary<string, double> _values;

    private ServerMetrics(Dictionary<string, double> values) => _values = values;

    public static async Task<ServerMetrics> ReadAsync(HttpClient http)
    {
        var values = new Dictionary<string, double>();
        try
        {
            foreach (var line in (await http.GetStringAsync("/metrics")).Split('\n'))
            {
                if (line.StartsWith('#')) continue;
                var name = Names.FirstOrDefault(n => line.StartsWith(n, StringComparison.Ordinal) && line.Length > n.Length && line[n.Length] is '{' or ' ');
                if (name is null || !double.TryParse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture, out var value)) continue;
                values[name] = values.GetValueOrDefault(name) + value;
            }
        }
        catch (HttpRequestException) { }
        return new ServerMetrics(values);
    }

    /// <summary>What happened between <paramref name="before"/> and this reading, under the report's names.</summary>
    public Dictionary<string, double> Since(ServerMetrics before, double seconds)
    {
        double? Delta(string name) => _values.TryGetValue(name, out var after) ? after - before._values.GetValueOrDefault(name) : null;
        var extra = new Dictionary<string, double>();
        if (Delta("dotnet_process_cpu_time_seconds_total") is { } cpu) extra["serverCpuCores"] = Math.Round(cpu / seconds, 2);
        if (Delta("dotnet_gc_collections_total") is { } collections) extra["gcCollections"] = collections;
        if (Delta("dotnet_gc_pause_time_seconds_total") is { } pause) extra["gcPauseSeconds"] = Math.Round(pause, 3);
        if (Delta("kpimesh_log_append_duration_seconds_count") is > 0 and var appends && Delta("kpimesh_log_append_duration_seconds_sum") is { } appendSeconds)
            extra["logAppendMeanMs"] = Math.Round(appendSeconds * 1000 / appends, 2);
        return extra;
    }
}
