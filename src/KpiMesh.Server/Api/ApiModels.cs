using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Targets;
using KpiMesh.Server.Services;

namespace KpiMesh.Server.Api;

public sealed record RejectedItemResponse(int Index, string Error);

public sealed record SubmissionResponse(int Accepted, int Applied, int Duplicates, int Superseded, IReadOnlyList<RejectedItemResponse> Rejected);

public sealed record IndicatorRowResponse(
    string Indicator, string? Option, long Numerator, long Denominator, double? Value, int ExpectedUnits, int ReportedUnits,
    double? Completeness, double? Target, DateOnly? TargetDue, string? Status, DateTimeOffset? AsOf, long? Previous, bool? Alert)
{
    /// <remarks><c>target</c> is the milestone that applies today and <c>targetDue</c> its day; <c>status</c> is
    /// null when nothing has been reported (no data is not "off track"). Count indicators (warning cases) have no rate:
    /// <c>previous</c> is the count at the units' previous periods and <c>alert</c> is true where the red count rose.</remarks>
    public static IndicatorRowResponse From(IndicatorRow row) => new(row.Indicator, row.Option, row.Numerator, row.Denominator,
        row.Value, row.ExpectedUnits, row.ReportedUnits, row.Completeness, row.Target?.Value, row.Target?.Due, row.Status?.ToWireName(), row.AsOf,
        row.Previous, row.Alert);
}

public sealed record UnitResponse(
    string Code, string Name, string Level, string? Parent, int ChildCount, DateTimeOffset? AsOf, IReadOnlyList<IndicatorRowResponse> Indicators,
    IReadOnlyList<UnitSummary> Ancestors)
{
    public static UnitResponse From(UnitReport report) => new(report.Code, report.Name, report.Level, report.Parent, report.ChildCount,
        report.AsOf, report.Indicators.Select(IndicatorRowResponse.From).ToList(), report.Ancestors);
}

public sealed record ChildResponse(string Code, string Name, string Level, IndicatorRowResponse Indicator);

public sealed record ChildrenResponse(string Unit, string Indicator, string? Option, IReadOnlyList<ChildResponse> Children);

/// <param name="Names">Chinese and English names (<c>title</c> is both, for older clients).</param>
/// <param name="Scope">The unit whose subtree the indicator exists in; null: everywhere.</param>
/// <param name="OptionsTotal">Whether the options' sum is a total with a row of its own.</param>
public sealed record IndicatorResponse(
    string Id, string Title, NamesResponse Names, string Unit, string Kind, IReadOnlyList<string> SubmittedAt, IReadOnlyList<string> Options,
    bool OptionsTotal, string Numerator, string Denominator, string Source, string? ComputedFrom, IReadOnlyList<string> AlertOnRise,
    string? Scope, string? Attribute, double? Scale, NormResponse? Norm)
{
    public static IndicatorResponse From(IndicatorDefinition i) => new(i.Id, i.Title, new NamesResponse(i.Names.Zh, i.Names.En), i.Unit,
        i.Kind.ToWireName(), i.SubmittedAt.Select(l => l.ToWireName()).ToList(), i.Options, i.OptionsTotal, i.NumeratorMeaning, i.DenominatorMeaning,
        i.Source, i.ComputedFrom, i.AlertOnRise, i.Scope, i.Attribute, i.Attribute is null ? null : i.Scale,
        i.Norm is { } norm ? new NormResponse(norm.Numerator, norm.Denominator) : null);
}

public sealed record NamesResponse(string Zh, string En);

public sealed record NormResponse(long Numerator, long Denominator);

public sealed record HierarchyImportResponse(int Added, int Renamed, int Unchanged, int Version);

public sealed record HierarchyResponse(UnitSummary? Root, int Units, int Version);
