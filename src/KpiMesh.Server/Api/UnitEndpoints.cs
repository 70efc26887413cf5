using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Grains.Services;
using KpiMesh.Server.Live;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiMesh.Server.Api;

internal static class UnitEndpoints
{
    public static void MapUnitEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/units/{code}", GetUnitAsync).RequireUnit(Permission.Read).WithSummary("A unit with every indicator rolled up over its subtree.");
        api.MapGet("/units/{code}/children", GetChildrenAsync).RequireUnit(Permission.Read).WithSummary("The direct children ranked by one indicator.");
        api.MapGet("/units", Search).RequireUnit(Permission.Read).WithSummary("Find units by name or code prefix (for pickers); only units the caller may read.");
        api.MapGet("/units/{code}/stream", StreamAsync).RequireUnit(Permission.Read)
            .RequireRateLimiting(AuthSetup.StreamsPolicy).DisableRequestTimeout()
            .WithSummary("Server-Sent Events: the unit's rollup each time it changes.");
    }

    private static async Task<Results<Ok<UnitResponse>, ProblemHttpResult>> GetUnitAsync(string code, UnitReportService reports)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        if (await reports.GetAsync(code) is not { } report) return Problems.NotFound($"unknown unit {code}");
        return TypedResults.Ok(UnitResponse.From(report));
    }

    private static async Task<Results<Ok<ChildrenResponse>, ProblemHttpResult>> GetChildrenAsync(
        string code, string? indicator, string? option, string? sort, int? limit, UnitReportService reports, ProgrammeService programmes)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        if (indicator is null) return Problems.BadRequest("the query parameter 'indicator' is required");
        if ((await programmes.GetAsync()).Programme.Catalog.Find(indicator) is not { } definition) return Problems.BadRequest($"unknown indicator '{Clip(indicator)}'");
        if (TargetEndpoints.SeriesProblem(definition, option) is { } badOption) return Problems.BadRequest(badOption);
        if (sort is not (null or "value" or "-value")) return Problems.BadRequest("sort must be 'value' or '-value'");
        if (limit is < 1 or > ApiLimits.MaxChildrenLimit) return Problems.BadRequest($"limit must be between 1 and {ApiLimits.MaxChildrenLimit}");

        var ranked = await reports.GetChildrenAsync(code, definition, option, descending: sort == "-value", limit ?? ApiLimits.MaxChildrenLimit);
        if (ranked is null) return Problems.NotFound($"unknown unit {code}");
        return TypedResults.Ok(new ChildrenResponse(code, definition.Id, option,
            ranked.Select(c => new ChildResponse(c.Code, c.Name, c.Level, IndicatorRowResponse.From(c.Row))).ToList()));
    }

    public const int MaxQueryLength = 64;

    private static Results<Ok<IReadOnlyList<UnitSummary>>, ProblemHttpResult> Search(string? q, int? limit, UnitReportService reports, HttpContext context)
    {
        if (string.IsNullOrWhiteSpace(q)) return Problems.BadRequest("the query parameter 'q' (a name or a code prefix) is required");
        if (q.Length > MaxQueryLength || q.Any(char.IsControl)) return Problems.BadRequest($"q must be at most {MaxQueryLength} printable characters");
        if (limit is < 1 or > 100) return Problems.BadRequest("limit must be between 1 and 100");
        return TypedResults.Ok(reports.Search(q.Trim(), limit ?? 20, context.Principal()));
    }

    /// <summary>The current rollup at once, then one event per change; the feed is shared by every viewer of the unit.</summary>
    private static async Task<Results<ServerSentEventsResult<UnitResponse>, ProblemHttpResult>> StreamAsync(
        string code, UnitReportService reports, LiveUnitFeeds feeds, CancellationToken cancellationToken)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        if (await reports.GetAsync(code) is not { } current) return Problems.NotFound($"unknown unit {code}");
        var viewer = await feeds.WatchAsync(code);
        return TypedResults.ServerSentEvents(Events(current, viewer, reports, code, cancellationToken), eventType: "rollup");
    }

    private static async IAsyncEnumerable<UnitResponse> Events(UnitReport current, LiveUnitFeeds.Viewer viewer, UnitReportService reports,
        string code, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (viewer)
        {
            yield return UnitResponse.From(current);
            await foreach (var totals in viewer.Updates.ReadAllAsync(cancellationToken))
                yield return UnitResponse.From(reports.Build(code, totals));
        }
    }

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
