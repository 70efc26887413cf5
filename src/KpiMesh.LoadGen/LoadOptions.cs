namespace KpiMesh.LoadGen;

/// <summary>What one run does; parsed from the command line by <see cref="LoadCommand"/> (see <c>--help</c> and the README's Benchmark section).</summary>
public sealed class LoadOptions
{
    /// <summary>submit (ingest with freshness probes and readers), read (readers only), trivial (GET /health/live: Kestrel's ceiling), peer (plain PostgreSQL).</summary>
    public string Mode { get; set; } = "submit";

    public string Target { get; set; } = "http://127.0.0.1:5000";
    public string? ApiKey { get; set; }

    /// <summary>The hierarchy the deployment holds (code,name,level,parent_code; .csv or .csv.gz): where values go.</summary>
    public string Hierarchy { get; set; } = "../shared/data/hebei-units.csv";

    /// <summary>Values per second to aim at; 0 sends as fast as the deployment takes them.</summary>
    public int Rate { get; set; }

    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests in flight at once (submitting workers); 0 in submit mode leaves only the freshness probe and the readers (an idle server).</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Values per request, like a county's month-end upload.</summary>
    public int Batch { get; set; } = 500;

    /// <summary>The unit whose rollup freshness and read latency are measured (the province).</summary>
    public string? Top { get; set; }

    /// <summary>How often a freshness probe is sent.</summary>
    public TimeSpan ProbeEvery { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Readers of the top unit sharing one schedule (<see cref="PacedReaders"/>), and the reads per second they make together.</summary>
    public int Readers { get; set; } = 8;
    public int ReadRate { get; set; } = 100;

    public int Seed { get; set; } = 2021;

    /// <summary>Where to write the results as JSON, for the benchmark's table.</summary>
    public string? Json { get; set; }

    /// <summary>peer mode: the PostgreSQL to build the plain-SQL peer in.</summary>
    public string? Postgres { get; set; }

    /// <summary>peer mode: <c>rollup</c> (a rollup table kept by trigger in each value's transaction) or <c>closure</c> (latest values and a closure table, summed at read time).</summary>
    public string Peer { get; set; } = "rollup";

    /// <summary>The PostgreSQL's postmaster process id, when it runs on this machine: its CPU is reported (durable and peer runs).</summary>
    public int? PostgresPid { get; set; }

    /// <summary>failover mode (bench/national.sh): the deployment's processes, comma-separated; requests go round-robin and a failed one is retried on the next after <see cref="RetryInterval"/>.</summary>
    public string? Targets { get; set; }
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>failover mode: stop after this many accepted values (0: at <see cref="Duration"/>), or when <see cref="StopFile"/> appears.</summary>
    public long Values { get; set; }
    public string? StopFile { get; set; }

    /// <summary>xlsx mode: the template's data rows each library writes and reads.</summary>
    public int Rows { get; set; } = 50_000;

    /// <summary>report mode: the folder of JSON results and the Markdown file to write.</summary>
    public string? Results { get; set; }
    public string? Out { get; set; }
}
