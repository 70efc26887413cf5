using System.ComponentModel.DataAnnotations;

namespace KpiMesh.Server.Auth;

/// <summary>
/// Configuration section <c>Limits</c>: how much one principal, and one request, may ask of the gateway, so one client
/// cannot take memory or time from everyone else. Every size must be positive: a zero or negative one is refused at
/// start rather than turning an endpoint off by accident. Limits of the domain itself (id lengths, target rules) stay
/// in <c>KpiMesh.Domain</c>.
/// </summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>Requests per second per principal, sustained (a token bucket); 0 turns the limit off.</summary>
    [Range(0, int.MaxValue)]
    public int RequestsPerSecond { get; set; } = 200;

    /// <summary>Requests a principal may send at once above the sustained rate.</summary>
    [Range(1, int.MaxValue)]
    public int Burst { get; set; } = 400;

    /// <summary>Open live streams (SSE) per principal.</summary>
    [Range(1, int.MaxValue)]
    public int StreamsPerPrincipal { get; set; } = 16;

    /// <summary>How long an ordinary request may take before it is abandoned with 504.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "10675199.02:48:05.4775807")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a hierarchy upload may take (the national file is 665,277 lines).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "10675199.02:48:05.4775807")]
    public TimeSpan ImportTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Submissions per request: a county's month-end upload is a few thousand values; this leaves ample room.</summary>
    [Range(1, int.MaxValue)]
    public int SubmissionItems { get; set; } = 50_000;

    /// <summary>Bytes of one submission request.</summary>
    [Range(1, long.MaxValue)]
    public long SubmissionBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Nesting depth of a submission body's JSON (the batch needs 3).</summary>
    [Range(3, 64)]
    public int SubmissionJsonDepth { get; set; } = 8;

    /// <summary>Bytes of one hierarchy file: the national hierarchy (665,277 units) is about 40 MB of CSV.</summary>
    [Range(1, long.MaxValue)]
    public long HierarchyBytes { get; set; } = 128 * 1024 * 1024;

    /// <summary>Bytes of one programme document (JSON).</summary>
    [Range(1, long.MaxValue)]
    public long ProgrammeBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Bytes of one attributes file (CSV).</summary>
    [Range(1, long.MaxValue)]
    public long AttributesBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Children one ranking may return (also its default).</summary>
    [Range(1, int.MaxValue)]
    public int Children { get; set; } = 5_000;

    /// <summary>Units one laggards list may return.</summary>
    [Range(1, int.MaxValue)]
    public int Laggards { get; set; } = 500;

    /// <summary>Units of the asked level a laggards request may look through; a larger subtree is refused.</summary>
    [Range(1, int.MaxValue)]
    public int LaggardCandidates { get; set; } = 5_000;

    /// <summary>Entries one audit trail request may return.</summary>
    [Range(1, int.MaxValue)]
    public int AuditEntries { get; set; } = 500;

    /// <summary>Units one search may return.</summary>
    [Range(1, int.MaxValue)]
    public int SearchResults { get; set; } = 100;

    /// <summary>Characters of a search query.</summary>
    [Range(1, int.MaxValue)]
    public int SearchQueryLength { get; set; } = 64;

    /// <summary>Rows of one spreadsheet the console asks the server to write.</summary>
    [Range(1, int.MaxValue)]
    public int ExportRows { get; set; } = 20_000;

    /// <summary>Columns of one exported spreadsheet.</summary>
    [Range(1, int.MaxValue)]
    public int ExportColumns { get; set; } = 50;

    /// <summary>Items of one scorecard in an application step: no rubric has more; a card with more is not a card.</summary>
    [Range(1, int.MaxValue)]
    public int CardItems { get; set; } = 100;

    /// <summary>
    /// Units a programme change's dry run looks at: the unit, then its subtree level by level down to
    /// <c>Rollup:HistoryDepth</c> (towns by default). One grain call per parent reads its children's totals; a larger
    /// subtree is cut after a whole parent's children and the answer says so (<c>subtreeComplete: false</c>).
    /// </summary>
    [Range(1, int.MaxValue)]
    public int DryRunUnits { get; set; } = 5_000;

    /// <summary>Status changes a dry run lists (every one is counted in <c>statusChangeCount</c>).</summary>
    [Range(1, int.MaxValue)]
    public int DryRunChanges { get; set; } = 500;

    /// <summary>Largest template upload (XLSX or CSV); a 50,040-row county file is about 1.7 MB as CSV.</summary>
    [Range(1, long.MaxValue)]
    public long UploadBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Uploads running in the background at once on one gateway (<c>?async=true</c>); each reads its whole file twice.</summary>
    [Range(1, int.MaxValue)]
    public int BackgroundUploads { get; set; } = 4;
}
