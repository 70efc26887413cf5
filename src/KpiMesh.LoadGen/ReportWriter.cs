using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KpiMesh.LoadGen;

/// <summary>
/// Turns the benchmark's JSON results into docs/benchmarks.md: one table with the goals beside the measurements and a
/// "what limits it" column written from what the runs measured (server and PostgreSQL CPU, garbage collections, lock
/// waits, rows read). Rows other scripts measure are Markdown fragments in the results folder (<c>rows-*.md</c>),
/// placed where their section is; a missing fragment leaves a row saying what has not been measured.
/// </summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(string resultsFolder, string outFile)
    {
        LoadReport? Read(string name)
        {
            var path = Path.Combine(resultsFolder, name + ".json");
            return File.Exists(path) ? JsonSerializer.Deserialize<LoadReport>(File.ReadAllText(path), Json) : null;
        }
        string? Fragment(string name)
        {
            var path = Path.Combine(resultsFolder, $"rows-{name}.md");
            return File.Exists(path) ? File.ReadAllText(path).TrimEnd() : null;
        }
        var factsPath = Path.Combine(resultsFolder, "facts.txt");
        var facts = File.Exists(factsPath)
            ? File.ReadAllLines(factsPath).Where(l => l.Contains('=')).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..])
            : [];
        double? Fact(string name) => double.TryParse(facts.GetValueOrDefault(name), Invariant, out var v) ? v : null;

        var idle = Read("idle");
        var memory = Read("memory");
        var durable = Read("durable");
        var rollup = Read("peer-rollup");
        var closure = Read("peer-closure");
        var durableIdle = Read("durable-idle");
        var trivial = Read("trivial");
        var national = Read("national");

        var md = new StringBuilder();
        md.AppendLine("# Benchmarks").AppendLine();
        md.AppendLine($"Measured {facts.GetValueOrDefault("date", "?")} on {facts.GetValueOrDefault("machine", "?")}, the load generator on the same machine.");
        md.AppendLine($"Command: `{facts.GetValueOrDefault("command", "bash bench/run.sh")}` (commit {facts.GetValueOrDefault("commit", "?")}); " +
            $"{facts.GetValueOrDefault("durations", "")}. Latencies are HdrHistogram percentiles, each request timed from its scheduled slot " +
            "(a stall counts against every request it held back). \"Under ingest\": 8 county uploads of " +
            $"{facts.GetValueOrDefault("batch", "?")} values in flight at once, as fast as the server takes them, Hebei's {F(Fact("hebeiUnits"))} units.").AppendLine();
        md.AppendLine("| # | measurement | result | goal | | what limits it (measured in the same run) |").AppendLine("|---|---|---|---|---|---|");
        void Row(string id, string what, string result, string goal = "", bool? met = null, string limit = "") =>
            md.AppendLine($"| {id} | {what} | {result} | {goal} | {Met(met)} | {limit} |");

        Row("1", "`GET /api/v1/units/13` idle (keep-alive client" + ReadRate(idle) + "), p50 / p99", Reads(idle), "p50 <= 0.5 ms", idle?.ReadP50Ms <= 0.5, IdleReadLimit(idle));
        Row("2", $"the same under ingest ({F(memory?.ValuesPerSecond)} values/s in memory), p50 / p99", Reads(memory), "p99 <= 5 ms", memory?.ReadP99Ms <= 5, LoadLimit(memory, facts));
        Row("3", "freshness under that load: ack of a value to the province's live stream showing it, p50 / p99", Fresh(memory), "p99 <= 0.25 s", memory?.FreshnessP99Ms <= 250,
            idle?.FreshnessP50Ms is null ? "" : $"idle it is {Ms(idle.FreshnessP50Ms)} / {Ms(idle.FreshnessP99Ms)} (the flush coalescing on each level of the path); the rest is waiting: {LoadLimit(memory, facts)}");
        Row("4", "durable ingest on PostgreSQL (every value in the log before the answer), 8 uploads in flight", Ingest(durable), ">= 60,000 values/s", durable?.ValuesPerSecond >= 60_000, DurableLimit(durable, facts));
        Row("4b", "durable: province read p50 / p99 and freshness p50 / p99 under that ingest", durable is null ? "—" : $"{Reads(durable)}; {Fresh(durable)}");

        md.AppendLine("| | **PostgreSQL alone, the same 8 concurrent county uploads (each batch one transaction, synchronous commit)** | | | | |");
        Row("5a", $"rollup-table peer (ancestors' numerators, denominators, reported counts updated by trigger in each value's transaction): ingest", Ingest(rollup),
            "", null, rollup is null ? "" : $"row locks: the writers waited for another writer's lock {Pct(rollup.Extra.GetValueOrDefault("lockWaitShare"))} of the time " +
            $"(every transaction updates the nation's and the province's rows); PostgreSQL {F(rollup.Extra.GetValueOrDefault("postgresCpuCores"), "F2")} cores; KpiMesh durable / this = {Ratio(durable?.ValuesPerSecond, rollup.ValuesPerSecond)}");
        Row("5b", "rollup-table peer: the province's rows under that ingest, p50 / p99 (idle)", PeerReads(rollup), "", null,
            rollup is null ? "" : $"one primary-key read; under ingest it waits for CPU beside the writers (PostgreSQL {F(rollup.Extra.GetValueOrDefault("postgresCpuCores"), "F2")} cores)");
        Row("5c", "rollup-table peer: freshness", rollup is null ? "—" : "0 (by construction: the commit that answers the writer updates the province's row)");
        Row("5d", "closure-table peer (latest values + closure table, province summary = join + `GROUP BY`): ingest", Ingest(closure), "", null,
            closure is null ? "" : $"PostgreSQL {F(closure.Extra.GetValueOrDefault("postgresCpuCores"), "F2")} cores; upserts of the latest value only, no rollup kept; lock waits {Pct(closure.Extra.GetValueOrDefault("lockWaitShare"))}");
        Row("5e", "closure-table peer: the province's summary under that ingest, p50 / p99 (idle)", PeerReads(closure), "", null,
            closure is null ? "" : $"every read joins and sums all {F(closure.Extra.GetValueOrDefault("rows"))} value rows under the province (every village, town and county reporting)");
        Row("5f", "closure-table peer: freshness", closure is null ? "—" : "0 (by construction: the summary is computed at read time)");
        var ratio = closure?.ReadP50Ms / memory?.ReadP50Ms;
        Row("6", "closure peer / KpiMesh, the province read under ingest (p50)", $"{Ratio(closure?.ReadP50Ms, memory?.ReadP50Ms)} (rollup peer / KpiMesh: {Ratio(rollup?.ReadP50Ms, memory?.ReadP50Ms)})",
            ">= 100x", ratio >= 100, closure is null || memory is null ? "" : $"{Ms(closure.ReadP50Ms)} against row 2's {Ms(memory.ReadP50Ms)}; against KpiMesh durable under its ingest ({Ms(durable?.ReadP50Ms)}): {Ratio(closure.ReadP50Ms, durable?.ReadP50Ms)}");

        md.AppendLine("| | **Ceilings** | | | | |");
        Row("7", "ingest in memory, 8 uploads in flight", Ingest(memory), "", null, Cpu(memory, facts));
        Row("8", "Kestrel on `GET /health/live`, same generator", trivial is null ? "—" : $"{F(trivial.RequestsPerSecond)} requests/s (p99 {Ms(trivial.RequestP99Ms)}); KpiMesh's 500-value batches: {F(memory?.RequestsPerSecond)} requests/s = {Ratio(memory?.RequestsPerSecond, trivial.RequestsPerSecond)} of it",
            "", null, Cpu(trivial, facts));

        md.AppendLine("| | **National hierarchy** | | | | |");
        var units = Fact("nationalUnits");
        var loadSeconds = Fact("nationalLoadSeconds");
        var rssMb = Fact("nationalRssMb");
        Row("N1", $"national hierarchy ({F(units)} units): load to ready", $"{F(loadSeconds, "F1")} s", "<= 60 s", loadSeconds <= 60);
        Row("N2", "national hierarchy: server memory (RSS)", $"{F(rssMb)} MB, {(units > 0 && rssMb is { } mb ? F(mb * 1024 * 1024 / units.Value) : "—")} bytes per unit", "<= 6 GiB", rssMb <= 6 * 1024);
        Row("N3", "national: `GET /api/v1/units/86` idle, p50 / p99", Reads(national));
        // National restart rows (issue 14): bench/national.sh writes them to rows-national.md in the results folder.
        md.AppendLine(Fragment("national") ?? "| N4 | national restart (issue 14, `bench/national.sh`) | not measured in this run | | | |");

        md.AppendLine("| | **Uploads** | | | | |");
        // A 50,000-row upload (issue 16): its script writes rows-upload.md in the results folder.
        md.AppendLine(Fragment("upload") ?? "| U1 | one 50,000-row upload, time to accepted (issue 16) | not measured yet | | | |");
        // The XLSX library the templates use, chosen on these (issue 16): loadgen --Mode xlsx writes xlsx.json.
        var xlsx = Read("xlsx");
        Row("U3", $"XLSX template of {F(xlsx?.Extra.GetValueOrDefault("rows"))} rows written (one thread): MiniExcel / ClosedXML", Xlsx(xlsx, "write", "miniexcel", "closedxml"), "", null,
            xlsx is null ? "" : $"files {F(xlsx.Extra.GetValueOrDefault("miniexcel.fileKb"))} / {F(xlsx.Extra.GetValueOrDefault("closedxml.fileKb"))} KiB; ClosedXML builds the whole workbook in memory before saving, MiniExcel streams rows");
        Row("U4", "the same template read: MiniExcel / ClosedXML / ExcelDataReader", Xlsx(xlsx, "read", "miniexcel", "closedxml", "exceldatareader"), "", null,
            xlsx is null ? "" : "every reader reads the file MiniExcel wrote; ExcelDataReader cannot write, so it would need a second library for templates");
        md.AppendLine();

        // The three designs in columns: the same uploads, the same durability (committed before the answer).
        md.AppendLine("Side by side, durable, the same 8 concurrent county uploads of the whole of Hebei:").AppendLine();
        md.AppendLine("| | KpiMesh on PostgreSQL | rollup-table peer | closure-table peer |").AppendLine("|---|---|---|---|");
        md.AppendLine($"| ingest, values/s | {F(durable?.ValuesPerSecond)} | {F(rollup?.ValuesPerSecond)} | {F(closure?.ValuesPerSecond)} |");
        md.AppendLine($"| province read under ingest, p50 / p99 | {Ms(durable?.ReadP50Ms)} / {Ms(durable?.ReadP99Ms)} | {Ms(rollup?.ReadP50Ms)} / {Ms(rollup?.ReadP99Ms)} | {Ms(closure?.ReadP50Ms)} / {Ms(closure?.ReadP99Ms)} |");
        md.AppendLine($"| province read idle, p50 / p99 | {Ms(durableIdle?.ReadP50Ms)} / {Ms(durableIdle?.ReadP99Ms)} | {Ms(rollup?.Extra.GetValueOrDefault("idleReadP50Ms"))} / {Ms(rollup?.Extra.GetValueOrDefault("idleReadP99Ms"))} | {Ms(closure?.Extra.GetValueOrDefault("idleReadP50Ms"))} / {Ms(closure?.Extra.GetValueOrDefault("idleReadP99Ms"))} |");
        md.AppendLine($"| freshness under ingest, p50 / p99 | {Ms(durable?.FreshnessP50Ms)} / {Ms(durable?.FreshnessP99Ms)} | 0 (by construction) | 0 (by construction) |");
        md.AppendLine($"| read is over HTTP | yes (JSON of every indicator) | no (SQL, one primary key) | no (SQL, join + `GROUP BY`) |");
        md.AppendLine($"| what else each value gets | validation, idempotency id, audit log row, coverage denominators, targets, live streams | the rollup only | nothing |");
        md.AppendLine();
        // The analysis is written by hand (bench/analysis.md) and travels with the table it explains.
        if (facts.GetValueOrDefault("analysis") is { } analysis && File.Exists(analysis)) md.AppendLine().Append(File.ReadAllText(analysis));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        File.WriteAllText(outFile, md.ToString());
    }

    private static string F(double? value, string format = "N0") => value is { } v ? v.ToString(format, Invariant) : "—";
    private static string Ms(double? value) => value is { } v ? v.ToString(v < 10 ? "F2" : "F0", Invariant) + " ms" : "—";
    private static string Pct(double share) => (share * 100).ToString("F0", Invariant) + "%";
    private static string Met(bool? ok) => ok switch { true => "met", false => "**missed**", null => "" };

    private static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0
        ? (x / y).ToString(x / y < 0.1 ? "F3" : x / y < 10 ? "F2" : "F0", Invariant) + "x" : "—";

    private static string Xlsx(LoadReport? r, string step, params string[] libraries) => r is null ? "not measured in this run" : string.Join(" / ", libraries.Select(l =>
        r.Extra.ContainsKey($"{l}.{step}Failed") ? "failed"
        : $"{(r.Extra.GetValueOrDefault($"{l}.{step}Ms") / 1000).ToString("F2", Invariant)} s ({F(r.Extra.GetValueOrDefault($"{l}.{step}AllocatedMb"))} MB allocated)"));

    private static string ReadRate(LoadReport? r) => r is null || r.Seconds <= 0 ? "" : $", {F(r.Reads / r.Seconds)} reads/s";
    private static string Reads(LoadReport? r) => r is null ? "—" : $"{Ms(r.ReadP50Ms)} / {Ms(r.ReadP99Ms)} ({F(r.Reads)} reads)";
    private static string PeerReads(LoadReport? r) => r is null ? "—"
        : $"{Ms(r.ReadP50Ms)} / {Ms(r.ReadP99Ms)} ({F(r.Reads)} reads; idle {Ms(r.Extra.GetValueOrDefault("idleReadP50Ms"))} / {Ms(r.Extra.GetValueOrDefault("idleReadP99Ms"))})";
    private static string Fresh(LoadReport? r) => r is null ? "—" : $"{Ms(r.FreshnessP50Ms)} / {Ms(r.FreshnessP99Ms)} ({r.FreshnessSamples} probes, {r.FreshnessTimedOut} over 10 s)";
    private static string Ingest(LoadReport? r) => r is null ? "—" : $"{F(r.ValuesPerSecond)} values/s (batch p50 {Ms(r.RequestP50Ms)}, p99 {Ms(r.RequestP99Ms)})";

    private static string Cpu(LoadReport? r, Dictionary<string, string> facts) => r is null || !r.Extra.ContainsKey("serverCpuCores") ? "" :
        $"CPU: server {F(r.Extra["serverCpuCores"], "F2")}" + (r.Extra.TryGetValue("postgresCpuCores", out var pg) ? $", PostgreSQL {F(pg, "F2")}" : "") +
        $", load generator {F(r.Extra.GetValueOrDefault("loadGeneratorCpuCores"), "F2")} of {facts.GetValueOrDefault("cores", "?")} cores";

    private static string Gc(LoadReport r) => !r.Extra.TryGetValue("gcCollections", out var collections) ? "" :
        $"GC: {F(collections)} collections, {F(r.Extra.GetValueOrDefault("gcPauseSeconds"), "F2")} s paused in {F(r.Seconds, "F0")} s" +
        (collections > 0 ? $" (mean pause {Ms(r.Extra.GetValueOrDefault("gcPauseSeconds") * 1000 / collections)}; a read landing in one waits it out)" : "");

    private static string IdleReadLimit(LoadReport? r) => r is null || r.Reads == 0 || !r.Extra.TryGetValue("serverCpuCores", out var cores) ? "" :
        $"{Ms(cores * r.Seconds * 1000 / r.Reads)} of server CPU per read (HTTP on loopback, the unit's rollup as JSON); {Gc(r)}";

    private static string LoadLimit(LoadReport? r, Dictionary<string, string> facts) => r is null ? "" : string.Join("; ", new[] { Gc(r), Cpu(r, facts) }.Where(s => s != ""));

    private static string DurableLimit(LoadReport? r, Dictionary<string, string> facts) => r is null ? "" : string.Join("; ", new[]
    {
        Cpu(r, facts),
        r.Extra.TryGetValue("logAppendMeanMs", out var append) ? $"log append {Ms(append)} per batch on average (batch p50 {Ms(r.RequestP50Ms)})" : "",
        Gc(r),
    }.Where(s => s != ""));
}
