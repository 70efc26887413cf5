using System.CommandLine;
using System.Globalization;

namespace KpiMesh.LoadGen;

/// <summary>
/// The command line (System.CommandLine): every option is declared with its type, so a mistyped flag or a bad value
/// is an error with a non-zero exit instead of being ignored and silently measuring something else.
/// Names are the options' property names (<c>--Rate</c>); the lower-case spelling (<c>--rate</c>) is accepted too.
/// </summary>
public static class LoadCommand
{
    public static RootCommand Create(Func<LoadOptions, CancellationToken, Task<int>> run)
    {
        var defaults = new LoadOptions();
        var mode = Add(defaults.Mode, nameof(LoadOptions.Mode), "submit (ingest with freshness probes and readers), read (readers only), trivial (GET /health/live: Kestrel's ceiling), peer (plain PostgreSQL), report (write docs/benchmarks.md), failover (uploads and reads over --Targets, retried on the next process: bench/national.sh), xlsx (the XLSX libraries writing and reading one template of --Rows rows, no server)");
        mode.AcceptOnlyFromAmong("submit", "read", "trivial", "peer", "report", "failover", "xlsx");
        var target = Add(defaults.Target, nameof(LoadOptions.Target), "the deployment's HTTP address");
        var apiKey = Add(defaults.ApiKey, nameof(LoadOptions.ApiKey), "sent as X-Api-Key");
        var hierarchy = Add(defaults.Hierarchy, nameof(LoadOptions.Hierarchy), "the hierarchy the deployment holds (.csv or .csv.gz): where values go");
        var rate = Add(defaults.Rate, nameof(LoadOptions.Rate), "values per second to aim at (0: as fast as the deployment takes them); paced requests are timed from their scheduled slot");
        var duration = Add(defaults.Duration, nameof(LoadOptions.Duration), "how long to measure (hh:mm:ss)");
        var concurrency = Add(defaults.Concurrency, nameof(LoadOptions.Concurrency), "requests in flight at once (submit mode: 0 leaves the freshness probe and the readers, an idle server)");
        var batch = Add(defaults.Batch, nameof(LoadOptions.Batch), "values per request (slices of county month-end uploads)");
        var top = Add(defaults.Top, nameof(LoadOptions.Top), "the unit whose freshness and read latency are measured (default: the province)");
        var probeEvery = Add(defaults.ProbeEvery, nameof(LoadOptions.ProbeEvery), "pause between freshness probes");
        var readers = Add(defaults.Readers, nameof(LoadOptions.Readers), "readers of the top unit, each on its own thread, sharing one schedule of --ReadRate reads/s");
        var readRate = Add(defaults.ReadRate, nameof(LoadOptions.ReadRate), "reads per second of all readers together, each timed from its scheduled slot");
        var seed = Add(defaults.Seed, nameof(LoadOptions.Seed), "seed of the generated submissions");
        var json = Add(defaults.Json, nameof(LoadOptions.Json), "write the results to this JSON file");
        var postgres = Add(defaults.Postgres, nameof(LoadOptions.Postgres), "peer mode: PostgreSQL connection string");
        var peer = Add(defaults.Peer, nameof(LoadOptions.Peer), "peer mode: rollup (rollup table kept by trigger) or closure (closure table, GROUP BY at read)");
        peer.AcceptOnlyFromAmong("rollup", "closure");
        var postgresPid = Add(defaults.PostgresPid, nameof(LoadOptions.PostgresPid), "the PostgreSQL postmaster's process id, when on this machine: its CPU is reported");
        var results = Add(defaults.Results, nameof(LoadOptions.Results), "report mode: the folder of JSON results");
        var output = Add(defaults.Out, nameof(LoadOptions.Out), "report mode: the Markdown file to write");
        var targets = Add(defaults.Targets, nameof(LoadOptions.Targets), "failover mode: the deployment's processes, comma-separated");
        var retryInterval = Add(defaults.RetryInterval, nameof(LoadOptions.RetryInterval), "failover mode: pause before retrying a failed request on the next process");
        var values = Add(defaults.Values, nameof(LoadOptions.Values), "failover mode: stop after this many accepted values (0: at --Duration)");
        var stopFile = Add(defaults.StopFile, nameof(LoadOptions.StopFile), "failover mode: stop when this file appears");
        var rows = Add(defaults.Rows, nameof(LoadOptions.Rows), "xlsx mode: data rows of the template each library writes and reads");

        var command = new RootCommand("KpiMesh load generator: realistic county uploads, reads and freshness probes against a deployment, the plain-PostgreSQL peers, and the benchmark's report.")
        {
            mode, target, apiKey, hierarchy, rate, duration, concurrency, batch, top, probeEvery, readers, readRate, seed, json, postgres, peer, postgresPid, results, output,
            targets, retryInterval, values, stopFile, rows,
        };
        foreach (var option in new[] { rate, readers, readRate, concurrency }) AtLeast(option, 0);
        AtLeast(batch, 1);
        AtLeast(rows, 1);
        foreach (var option in new[] { duration, probeEvery, retryInterval }) Positive(option);
        // What a mode needs is checked on the whole command line, after parsing.
        command.Validators.Add(result =>
        {
            var chosen = result.GetResult(mode)?.GetValueOrDefault<string>();
            if (chosen == "peer" && result.GetResult(postgres) is null) result.AddError($"--Mode peer needs {postgres.Name}");
            if (chosen == "report" && result.GetResult(results) is null) result.AddError($"--Mode report needs {results.Name}");
            if (chosen == "failover" && result.GetResult(targets) is null) result.AddError($"--Mode failover needs {targets.Name}");
        });
        command.SetAction((result, cancellationToken) => run(new LoadOptions
        {
            Mode = result.GetValue(mode)!, Target = result.GetValue(target)!, ApiKey = result.GetValue(apiKey), Hierarchy = result.GetValue(hierarchy)!,
            Rate = result.GetValue(rate), Duration = result.GetValue(duration), Concurrency = result.GetValue(concurrency), Batch = result.GetValue(batch),
            Top = result.GetValue(top), ProbeEvery = result.GetValue(probeEvery), Readers = result.GetValue(readers), ReadRate = result.GetValue(readRate),
            Seed = result.GetValue(seed), Json = result.GetValue(json), Postgres = result.GetValue(postgres), Peer = result.GetValue(peer)!, PostgresPid = result.GetValue(postgresPid),
            Results = result.GetValue(results), Out = result.GetValue(output),
            Targets = result.GetValue(targets), RetryInterval = result.GetValue(retryInterval), Values = result.GetValue(values), StopFile = result.GetValue(stopFile),
            Rows = result.GetValue(rows),
        }, cancellationToken));
        return command;
    }

    private static void AtLeast(Option<int> option, int minimum) => option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() < minimum) result.AddError($"{option.Name} must be at least {minimum}");
    });

    /// <summary>hh:mm:ss[.fff], above zero; a value that does not parse is a parse error (the default converter throws instead).</summary>
    private static void Positive(Option<TimeSpan> option) => option.CustomParser = result =>
    {
        var text = result.Tokens.Single().Value;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero) return value;
        result.AddError($"{option.Name} must be a positive time as hh:mm:ss, not '{text}'");
        return default;
    };

    private static Option<T> Add<T>(T defaultValue, string name, string description) =>
        new($"--{name}", $"--{name.ToLowerInvariant()}") { Description = description, DefaultValueFactory = _ => defaultValue };
}
