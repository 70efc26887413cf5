using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using KpiMesh.Domain.Submissions;
using KpiMesh.Grains.Services;
using KpiMesh.Server.Services;
using KpiMesh.Server.Live;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Api;

internal static class UnitEndpoints
{
    public static void MapUnitEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/units/{code}", GetUnitAsync).RequireUnit(Permission.Read).Produces<UnitResponse>()
            .WithSummary("A unit with every indicator rolled up over its subtree.");
        api.MapGet("/units/{code}/children", GetChildrenAsync).RequireUnit(Permission.Read).WithSummary("The direct children ranked by one indicator.");
        api.MapGet("/units", Search).RequireUnit(Permission.Read).WithSummary("Find units by name or code prefix (for pickers); only units the caller may read.");
        api.MapGet("/units/{code}/stream", StreamAsync).RequireUnit(Permission.Read)
            .RequireRateLimiting(AuthSetup.StreamsPolicy).DisableRequestTimeout()
            .WithSummary("Server-Sent Events: the unit's rollup each time it changes.");
    }

    /// <summary>
    /// Answered from the gateway's copy of the unit's totals (at most <c>Rollup:ReadMaxAge</c> old), already serialised;
    /// <c>?approved=true&amp;period=P</c> gives the figure the unit reports upwards instead: approved data only.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, Ok<UnitResponse>, ProblemHttpResult>> GetUnitAsync(
        RouteUnit unit, bool? approved, string? period, UnitReadCache cache, ApprovalService approvals)
    {
        if (approved != true) return TypedResults.Bytes(await cache.GetAsync(unit.Code), "application/json; charset=utf-8");
        if (ReportingPeriod.Problem(period) is { } bad) return Problems.BadRequest($"approved=true needs the period: {bad}");
        return TypedResults.Ok(UnitResponse.From(await approvals.ApprovedReportAsync(unit.Code, ReportingPeriod.Parse(period!).Text)));
    }

    private static async Task<Results<Ok<ChildrenResponse>, ProblemHttpResult>> GetChildrenAsync(
        RouteUnit unit, [AsParameters] SeriesQuery query, string? sort, UnitReportService reports, UnitReadCache cache, ProgrammeCache programmes,
        IOptions<LimitOptions> limits)
    {
        var most = limits.Value.Children;
        if (!query.TryResolve((await programmes.GetAsync()).Programme.Catalog, most, out var definition, out var problem)) return problem;
        if (sort is not (null or "value" or "-value")) return Problems.BadRequest("sort must be 'value' or '-value'");

        var ranked = await reports.GetChildrenAsync(unit.Code, definition, query.Option, descending: sort == "-value", query.Limit ?? most,
            await cache.GetChildTotalsAsync(unit.Code));
        return TypedResults.Ok(new ChildrenResponse(unit.Code, definition.Id, query.Option,
            ranked.Select(c => new ChildResponse(c.Code, c.Name, c.Level, IndicatorRowResponse.From(c.Row))).ToList()));
    }

    private static Results<Ok<IReadOnlyList<UnitSummary>>, ProblemHttpResult> Search(string? q, int? limit, UnitSearch search, HttpContext context,
        IOptions<LimitOptions> options)
    {
        var limits = options.Value;
        if (string.IsNullOrWhiteSpace(q)) return Problems.BadRequest("the query parameter 'q' (a name or a code prefix) is required");
        if (q.Length > limits.SearchQueryLength || q.Any(char.IsControl)) return Problems.BadRequest($"q must be at most {limits.SearchQueryLength} printable characters");
        if (SeriesQuery.CheckLimit(limit, limits.SearchResults) is { } badLimit) return badLimit;
        return TypedResults.Ok(search.Search(q.Trim(), limit ?? 20, context.Principal()));
    }

    /// <summary>The current rollup at once, then one event per change; the feed is shared by every viewer of the unit.</summary>
    private static async Task<ServerSentEventsResult<UnitResponse>> StreamAsync(
        RouteUnit unit, UnitReportService reports, LiveUnitFeeds feeds, CancellationToken cancellationToken)
    {
        var current = await reports.GetAsync(unit.Code);
        var viewer = await feeds.WatchAsync(unit.Code);
        return TypedResults.ServerSentEvents(Events(current, viewer, reports, unit.Code, cancellationToken), eventType: "rollup");
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
}
