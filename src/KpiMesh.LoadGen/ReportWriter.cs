using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KpiMesh.LoadGen;

/// <summary>Turns the benchmark's JSON results into docs/benchmarks.md: one table, the goals beside the measurements, and the ratios.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Write(string resultsFolder, string outFile)
    {
        LoadReport? Read(string name)
        {
            var path = Path.Combine(resultsFolder, name + ".json");
            return File.Exists(path) ? JsonSerializer.Deserialize<LoadReport>(File.ReadAllText(path), Json) : null;
        }
        Dictionary<string, string> Facts(string name)
        {
            var path = Path.Combine(resultsFolder, name);
            return File.Exists(path)
                ? File.ReadAllLines(path).Where(l => l.Contains('=')).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..])
                : [];
        }
        var memory = Read("memory");
        var durable = Read("durable");
        var national = Read("national");
        var peer = Read("peer");
        var trivial = Read("trivial");
        var facts = Facts("facts.txt");
        string F(double? value, string format = "N0") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
        string Ms(double? value) => value is { } v ? v.ToString(v < 10 ? "F2" : "F0", CultureInfo.InvariantCulture) + " ms" : "—";
        string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0
            ? (x / y).ToString(x / y < 0.1 ? "F3" : x / y < 10 ? "F2" : "F0", CultureInfo.InvariantCulture) + "x" : "—";
        string Met(bool? ok) => ok switch { true => "met", false => "**missed**", null => "—" };

        var md = new StringBuilder();
        md.AppendLine("# Benchmarks").AppendLine();
        md.AppendLine($"Measured {facts.GetValueOrDefault("date", "?")} on {facts.GetValueOrDefault("machine", "?")}, the load generator on the same machine.");
        md.AppendLine($"Command: `{facts.GetValueOrDefault("command", "bash bench/run.sh")}` (commit {facts.GetValueOrDefault("commit", "?")}).").AppendLine();
        var memoryPaced = Read("memory-paced");
        var durablePaced = Read("durable-paced");
        string Fresh(LoadReport? r) => r is null ? "—" : $"{Ms(r.FreshnessP50Ms)} / {Ms(r.FreshnessP99Ms)} ({r.FreshnessSamples} probes, {r.FreshnessTimedOut} over 10 s)";
        string Reads(LoadReport? r) => r is null ? "—" : $"{Ms(r.ReadP50Ms)} / {Ms(r.ReadP99Ms)} ({r.Reads} reads)";
        string At(LoadReport? r) => r is null ? "" : $" at {F(r.ValuesPerSecond)} values/s";
        md.AppendLine("| # | measurement | result | goal | |").AppendLine("|---|---|---|---|---|");
        md.AppendLine($"| 1a | ingest, in memory, as fast as it takes (HTTP batches of {facts.GetValueOrDefault("batch", "?")}) | {F(memory?.ValuesPerSecond)} values/s (request p50 {Ms(memory?.RequestP50Ms)}, p99 {Ms(memory?.RequestP99Ms)}) | >= 50,000 values/s | {Met(memory?.ValuesPerSecond >= 50_000)} |");
        md.AppendLine($"| 1b | ingest, durable on PostgreSQL | {F(durable?.ValuesPerSecond)} values/s (request p50 {Ms(durable?.RequestP50Ms)}, p99 {Ms(durable?.RequestP99Ms)}) | >= 10,000 values/s | {Met(durable?.ValuesPerSecond >= 10_000)} |");
        md.AppendLine($"| 2a | freshness (ack to province on its live stream, p50 / p99), in memory, at full load{At(memory)} | {Fresh(memory)} | p99 <= 1 s | {Met(memory?.FreshnessP99Ms <= 1000)} |");
        md.AppendLine($"| 2b | the same, in memory, paced{At(memoryPaced)} | {Fresh(memoryPaced)} | p99 <= 1 s | {Met(memoryPaced?.FreshnessP99Ms <= 1000)} |");
        md.AppendLine($"| 2c | the same, durable, at full load{At(durable)} | {Fresh(durable)} | p99 <= 1 s | {Met(durable?.FreshnessP99Ms <= 1000)} |");
        md.AppendLine($"| 2d | the same, durable, paced{At(durablePaced)} | {Fresh(durablePaced)} | p99 <= 1 s | {Met(durablePaced?.FreshnessP99Ms <= 1000)} |");
        md.AppendLine($"| 3a | `GET /api/v1/units/{{province}}` p50 / p99, in memory, at full load | {Reads(memory)} | p99 <= 5 ms | {Met(memory?.ReadP99Ms <= 5)} |");
        md.AppendLine($"| 3b | the same, in memory, paced{At(memoryPaced)} | {Reads(memoryPaced)} | p99 <= 5 ms | {Met(memoryPaced?.ReadP99Ms <= 5)} |");
        md.AppendLine($"| 3c | the same, durable, at full load | {Reads(durable)} | p99 <= 5 ms | {Met(durable?.ReadP99Ms <= 5)} |");
        md.AppendLine($"| 3d | the same, durable, paced{At(durablePaced)} | {Reads(durablePaced)} | p99 <= 5 ms | {Met(durablePaced?.ReadP99Ms <= 5)} |");
        var units = double.TryParse(facts.GetValueOrDefault("nationalUnits"), CultureInfo.InvariantCulture, out var u) ? u : (double?)null;
        var loadSeconds = double.TryParse(facts.GetValueOrDefault("nationalLoadSeconds"), CultureInfo.InvariantCulture, out var s) ? s : (double?)null;
        var rssMb = double.TryParse(facts.GetValueOrDefault("nationalRssMb"), CultureInfo.InvariantCulture, out var r) ? r : (double?)null;
        md.AppendLine($"| 4a | national hierarchy ({F(units)} units): load to ready | {F(loadSeconds, "F1")} s | <= 60 s | {Met(loadSeconds <= 60)} |");
        md.AppendLine($"| 4b | national hierarchy: server memory (RSS) | {F(rssMb)} MB, {(units > 0 && rssMb is { } mb ? (mb * 1024 * 1024 / units.Value).ToString("N0", CultureInfo.InvariantCulture) : "—")} bytes per unit | <= 6 GiB | {Met(rssMb <= 6 * 1024)} |");
        md.AppendLine($"| 4c | national: `GET /api/v1/units/{{nation}}` p50 / p99 (idle) | {Ms(national?.ReadP50Ms)} / {Ms(national?.ReadP99Ms)} ({national?.Reads} reads) | | |");
        md.AppendLine($"| 5a | peer (plain PostgreSQL, upsert + closure table): insert rate | {F(peer?.ValuesPerSecond)} values/s; KpiMesh durable / peer = {Ratio(durable?.ValuesPerSecond, peer?.ValuesPerSecond)} | KpiMesh not slower | {Met(durable?.ValuesPerSecond >= peer?.ValuesPerSecond)} |");
        var peerRollup = peer?.Extra.GetValueOrDefault("rollupP50Ms");
        md.AppendLine($"| 5b | peer: province rollup query p50 / p99 ({F(peer?.Extra.GetValueOrDefault("rows"))} value rows) | {Ms(peerRollup)} / {Ms(peer?.Extra.GetValueOrDefault("rollupP99Ms"))}; peer / KpiMesh province read (p50, durable, paced) = {Ratio(peerRollup, durablePaced?.ReadP50Ms)} | >= 100x | {Met(peerRollup / durablePaced?.ReadP50Ms >= 100)} |");
        md.AppendLine($"| 6 | ceiling: Kestrel on `GET /health/live`, same generator | {F(trivial?.RequestsPerSecond)} requests/s (p99 {Ms(trivial?.RequestP99Ms)}); KpiMesh in-memory batches: {F(memory?.RequestsPerSecond)} requests/s = {Ratio(memory?.RequestsPerSecond, trivial?.RequestsPerSecond)} of it | | |");
        md.AppendLine();
        // The analysis is written by hand (bench/analysis.md) and travels with the table it explains.
        if (facts.GetValueOrDefault("analysis") is { } analysis && File.Exists(analysis)) md.AppendLine().Append(File.ReadAllText(analysis));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        File.WriteAllText(outFile, md.ToString());
    }
}
