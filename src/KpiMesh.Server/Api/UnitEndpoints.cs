using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Grains.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiMesh.Server.Api;

internal static class UnitEndpoints
{
    public static void MapUnitEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/units/{code}", GetUnitAsync).WithSummary("A unit with every indicator rolled up over its subtree.");
        api.MapGet("/units/{code}/children", GetChildrenAsync).WithSummary("The direct children ranked by one indicator.");
    }

    private static async Task<Results<Ok<UnitResponse>, ProblemHttpResult>> GetUnitAsync(string code, UnitReportService reports)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        if (await reports.GetAsync(code) is not { } report) return Problems.NotFound($"unknown unit {code}");
        return TypedResults.Ok(new UnitResponse(report.Code, report.Name, report.Level, report.Parent, report.ChildCount, report.AsOf,
            report.Indicators.Select(IndicatorRowResponse.From).ToList()));
    }

    private static async Task<Results<Ok<ChildrenResponse>, ProblemHttpResult>> GetChildrenAsync(
        string code, string? indicator, string? option, string? sort, int? limit, UnitReportService reports, IndicatorCatalog catalog)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        if (indicator is null) return Problems.BadRequest("the query parameter 'indicator' is required");
        if (catalog.Find(indicator) is not { } definition) return Problems.BadRequest($"unknown indicator '{Clip(indicator)}'");
        if (option is not null && !definition.Options.Contains(option))
            return Problems.BadRequest($"{definition.Id} has no option '{Clip(option)}'");
        if (sort is not (null or "value" or "-value")) return Problems.BadRequest("sort must be 'value' or '-value'");
        if (limit is < 1 or > ApiLimits.MaxChildrenLimit) return Problems.BadRequest($"limit must be between 1 and {ApiLimits.MaxChildrenLimit}");

        var ranked = await reports.GetChildrenAsync(code, definition, option, descending: sort == "-value", limit ?? ApiLimits.MaxChildrenLimit);
        if (ranked is null) return Problems.NotFound($"unknown unit {code}");
        return TypedResults.Ok(new ChildrenResponse(code, definition.Id, option,
            ranked.Select(c => new ChildResponse(c.Code, c.Name, c.Level, IndicatorRowResponse.From(c.Row))).ToList()));
    }

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
