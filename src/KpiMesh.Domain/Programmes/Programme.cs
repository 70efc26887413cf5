using System.Text.Json;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Targets;

namespace KpiMesh.Domain.Programmes;

/// <summary>
/// The programme in force: the indicators the people who run it track, their targets and the time zone its days are
/// counted in. It is data (a versioned JSON document, <see cref="ProgrammeDocument"/>), validated whole by
/// <see cref="ProgrammeValidator"/> before it applies. The default shipped with KpiMesh is <c>programmes/default.json</c>.
/// </summary>
public sealed class Programme
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>Where approval stops when the document does not say: the province accepts (seed 001: 省政研会……复核命名).</summary>
    public const UnitLevel DefaultApprovalStopsAt = UnitLevel.Province;

    internal Programme(ProgrammeDocument document, TimeZoneInfo timeZone, IndicatorCatalog catalog, TargetBook targets)
    {
        Document = document;
        TimeZone = timeZone;
        Catalog = catalog;
        Targets = targets;
    }

    public ProgrammeDocument Document { get; }

    public int Version => Document.Version ?? 0;

    public TimeZoneInfo TimeZone { get; }

    public IndicatorCatalog Catalog { get; }

    public TargetBook Targets { get; }

    /// <summary>The level where approval of a period stops (<see cref="ProgrammeDocument.ApprovalStopsAt"/>; validated, so it parses).</summary>
    public UnitLevel ApprovalStopsAt => UnitLevels.TryParse(Document.ApprovalStopsAt, out var level) ? level : DefaultApprovalStopsAt;

    /// <summary>The programme's day at <paramref name="now"/>: milestones, daily history and "today" are local days there (Beijing time by default).</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZone).DateTime);

    private static readonly Lazy<Programme> Shipped = new(() => Load(ShippedProgrammes.Read("default.json")));

    /// <summary>The programme KpiMesh ships and runs until one is loaded: <c>programmes/default.json</c>.</summary>
    public static Programme Default => Shipped.Value;

    /// <summary>A shipped or stored document known to be valid (throws otherwise: that is a bug, not a user's mistake).</summary>
    public static Programme Load(string json)
    {
        var (programme, problems) = Parse(json, null);
        return programme ?? throw new InvalidDataException("programme refused: " + string.Join("; ", problems.Select(p => $"{p.Path}: {p.Message}")));
    }

    /// <summary>Parses and validates a document; with <paramref name="directory"/>, also against the hierarchy (scopes, the superior rule).</summary>
    public static (Programme? Programme, IReadOnlyList<ProgrammeProblem> Problems) Parse(string json, UnitDirectory? directory)
    {
        ProgrammeDocument? document;
        try { document = JsonSerializer.Deserialize<ProgrammeDocument>(json, ProgrammeDocument.Json); }
        catch (JsonException error) { return (null, [new ProgrammeProblem(error.Path ?? "$", Reason(error))]); }
        if (document is null) return (null, [new ProgrammeProblem("$", "the programme must be a JSON object")]);
        return ProgrammeValidator.Validate(document, directory);
    }

    /// <summary>
    /// This programme with what a unit defines for its own subtree replaced by <paramref name="part"/>'s indicators and
    /// targets (their scope is that unit). Everything else stays.
    /// </summary>
    public ProgrammeDocument WithScope(string code, ProgrammeDocument part) => Document with
    {
        Indicators = (Document.Indicators ?? []).Where(i => i?.Scope != code)
            .Concat((part.Indicators ?? []).Select(i => i is null ? null : i with { Scope = code })).ToList(),
        Targets = (Document.Targets ?? []).Where(t => t?.Scope != code)
            .Concat((part.Targets ?? []).Select(t => t is null ? null : t with { Scope = code })).ToList(),
    };

    /// <summary>This programme with one target set (or replaced) for a unit's subtree.</summary>
    public ProgrammeDocument WithTarget(string code, TargetSpec target) => Document with
    {
        Targets = (Document.Targets ?? []).Where(t => !(t?.Scope == code && t.Indicator == target.Indicator && t.Option == target.Option))
            .Append(target with { Scope = code }).ToList(),
    };

    /// <summary>The part a unit defines for its own subtree.</summary>
    public ProgrammeDocument PartOf(string code) => new(null, Document.Name, Document.Version, Document.TimeZone, Document.Source,
        (Document.Indicators ?? []).Where(i => i?.Scope == code).ToList(), (Document.Targets ?? []).Where(t => t?.Scope == code).ToList());

    private static string Reason(JsonException error)
    {
        var message = error.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return "not a valid programme document: " + (cut > 0 ? message[..cut] : message);
    }
}

/// <summary>The programme files shipped in the repository (<c>programmes/*.json</c>), embedded in this assembly.</summary>
public static class ShippedProgrammes
{
    public static IReadOnlyList<string> Names { get; } = typeof(ShippedProgrammes).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("programmes/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal) && !n.EndsWith("schema.json", StringComparison.Ordinal))
        .Select(n => n["programmes/".Length..]).Order(StringComparer.Ordinal).ToList();

    public static string Read(string name)
    {
        using var stream = typeof(ShippedProgrammes).Assembly.GetManifestResourceStream("programmes/" + name)
            ?? throw new FileNotFoundException($"no shipped programme {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
