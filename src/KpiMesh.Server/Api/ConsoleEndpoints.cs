using System.Text.Json;
using KpiMesh.Domain.Access;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Platform;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Targets;
using KpiMesh.Grains.Services;
using KpiMesh.Server.Auth;
using KpiMesh.Server.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Api;

public sealed record ProjectionResponse(string Indicator, string? Option, string? Status, double Current, double PacePerDay,
    double Target, DateOnly TargetDue, double? ValueAtDue, DateOnly? ReachesTargetOn, bool WillMiss, double Shortfall)
{
    public static ProjectionResponse From(string indicator, string? option, TargetStatus? status, Projection p) => new(indicator, option,
        status?.ToWireName(), p.Current, p.PacePerDay, p.Milestone.Value, p.Milestone.Due, p.ValueAtDue, p.ReachesTargetOn, p.WillMiss, p.Shortfall);
}

public sealed record ProjectionsResponse(string Unit, int PaceWindowDays, IReadOnlyList<ProjectionResponse> Series);

public sealed record ProjectedLaggardResponse(string Code, string Name, IndicatorRowResponse Indicator, ProjectionResponse Projection);

public sealed record ProjectedLaggardsResponse(string Unit, string Indicator, string? Option, string Level, int Units, IReadOnlyList<ProjectedLaggardResponse> Laggards);

public sealed record TownAlertResponse(string Code, string Name, IReadOnlyList<string> Path, long Count, long Previous, long Rise, DateTimeOffset? Since);

/// <param name="Towns">Towns in the unit's subtree.</param>
/// <param name="Alerting">Towns whose red count rose: all of them; <c>alerts</c> lists the largest rises (at most <c>Kept</c>).</param>
public sealed record AlertsResponse(string Unit, int Towns, int Alerting, int Kept, IReadOnlyList<TownAlertResponse> Alerts);

public sealed record MapAreaResponse(string Boundary, string Code, string Name);

public sealed record MapResponse(string Unit, string? Map, IReadOnlyList<MapAreaResponse> Areas, IReadOnlyList<UnitSummary> Unmatched);

public sealed record PlatformStandardResponse(string Level, string BuiltIndicator, string StandardIndicator,
    double MinAreaSquareMetres, int MinRooms, int MinManagers, int MinCounsellors, bool NeedsServiceRules);

/// <summary>A table as the console shows it: column headings and rows of text or numbers.</summary>
public sealed record ExportBody(string? Title, IReadOnlyList<string>? Columns, IReadOnlyList<IReadOnlyList<JsonElement>>? Rows);

/// <summary>What the leaders' console reads beyond a unit's rows: projections, alerts, the map, standards, and XLSX export.</summary>
internal static class ConsoleEndpoints
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapConsoleEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/units/{code}/projections", GetProjectionsAsync).RequireUnit(Permission.Read)
            .WithSummary("Where each series is heading at its pace of the last 30 days: its value on the milestone's day and the day it reaches the target.");
        api.MapGet("/units/{code}/laggards/projected", GetProjectedLaggardsAsync).RequireUnit(Permission.Read)
            .WithSummary("Units at a level of the subtree ranked by the shortfall they are heading for at their milestone.");
        api.MapGet("/units/{code}/alerts", GetAlertsAsync).RequireUnit(Permission.Read)
            .WithSummary("Towns of the subtree whose red warning count rose since their previous period, largest rise first.");
        api.MapGet("/units/{code}/map", GetMap).RequireUnit(Permission.Read)
            .WithSummary("Which embedded boundary file draws the unit's children, and which polygon is which child.");
        api.MapGet("/platform/standards", () => TypedResults.Ok(PlatformStandard.All.Select(s => new PlatformStandardResponse(s.Level.ToWireName(),
                s.BuiltIndicator, s.StandardIndicator, s.MinAreaSquareMetres, s.MinRooms, s.MinManagers, s.MinCounsellors, s.NeedsServiceRules)).ToList()))
            .WithSummary("The minimum a county centre, town station and village room must have (seed 002).");
        api.MapPost("/exports/xlsx", ExportXlsxAsync).RequireUnit(Permission.Read)
            .WithSummary("A table (columns and rows of text or numbers) as an XLSX workbook, for the console's export buttons.");
    }

    private static async Task<Ok<ProjectionsResponse>> GetProjectionsAsync(RouteUnit unit, ConsoleInsights insights) =>
        TypedResults.Ok(new ProjectionsResponse(unit.Code, Projector.PaceWindowDays,
            (await insights.GetProjectionsAsync(unit.Code)).Select(s => ProjectionResponse.From(s.Indicator, s.Option, s.Status, s.Projection)).ToList()));

    private static async Task<Results<Ok<ProjectedLaggardsResponse>, ProblemHttpResult>> GetProjectedLaggardsAsync(
        RouteUnit unit, [AsParameters] SeriesQuery query, string? level, ConsoleInsights insights, ProgrammeCache programmes,
        IOptions<LimitOptions> limits)
    {
        if (!query.TryResolve((await programmes.GetAsync()).Programme.Catalog, limits.Value.Laggards, out var definition, out var problem)) return problem;
        if (!UnitLevels.TryParse(level, out var unitLevel)) return Problems.BadRequest("the query parameter 'level' must be a unit level (county, town, village, school...)");
        var found = await insights.GetProjectedLaggardsAsync(unit.Code, definition, query.Option, unitLevel, query.Limit ?? 20);
        if (found.Error is { } error) return Problems.BadRequest(error);
        return TypedResults.Ok(new ProjectedLaggardsResponse(unit.Code, definition.Id, query.Option, unitLevel.ToWireName(), found.Candidates,
            found.Laggards.Select(l => new ProjectedLaggardResponse(l.Code, l.Name, IndicatorRowResponse.From(l.Row),
                ProjectionResponse.From(definition.Id, query.Option, l.Row.Status, l.Projection))).ToList()));
    }

    private static async Task<Ok<AlertsResponse>> GetAlertsAsync(RouteUnit unit, ConsoleInsights insights)
    {
        var found = await insights.GetAlertsAsync(unit.Code);
        return TypedResults.Ok(new AlertsResponse(unit.Code, found.Towns, found.Alerting, AlertSummary.Kept,
            found.Alerts.Select(a => new TownAlertResponse(a.Code, a.Name, a.Path, a.Count, a.Previous, a.Count - a.Previous, a.Since)).ToList()));
    }

    private static Ok<MapResponse> GetMap(RouteUnit unit, ConsoleMaps maps)
    {
        var map = maps.Get(unit.Code);
        return TypedResults.Ok(new MapResponse(unit.Code, map.Map, map.Areas.Select(a => new MapAreaResponse(a.Boundary, a.Unit.Code, a.Unit.Name)).ToList(),
            map.Unmatched.Select(u => new UnitSummary(u.Code, u.Name, u.Level.ToWireName())).ToList()));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportXlsxAsync(ExportBody body, IOptions<LimitOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (body.Columns is not { Count: > 0 } columns || columns.Count > limits.ExportColumns) return Problems.BadRequest($"give between 1 and {limits.ExportColumns} columns");
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count) return Problems.BadRequest("column headings must differ");
        if (body.Rows is not { } rows || rows.Count > limits.ExportRows) return Problems.BadRequest($"give at most {limits.ExportRows} rows");
        if (rows.Any(r => r is null || r.Count != columns.Count)) return Problems.BadRequest("every row needs one cell per column");
        var title = SheetName(body.Title);
        var sheet = rows.Select(r =>
        {
            var cells = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++) cells[columns[i]] = Cell(r[i]);
            return cells;
        }).ToList();
        // MiniExcel takes the headings from the rows' keys, so an empty table gets one empty row to keep them.
        if (sheet.Count == 0) sheet.Add(columns.ToDictionary(c => c, _ => (object?)null, StringComparer.Ordinal));
        using var stream = new MemoryStream();
        await MiniExcel.SaveAsAsync(stream, sheet, sheetName: title, cancellationToken: cancellationToken);
        return TypedResults.File(stream.ToArray(), XlsxType, $"{title}.xlsx");
    }

    private static object? Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>Excel's rules for a sheet name: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string? title)
    {
        var name = new string((title ?? "").Where(c => !"[]:*?/\\".Contains(c) && !char.IsControl(c)).ToArray()).Trim();
        return name.Length == 0 ? "KpiMesh" : name.Length > 31 ? name[..31] : name;
    }
}
