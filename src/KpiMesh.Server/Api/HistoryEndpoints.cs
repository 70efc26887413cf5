using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using KpiMesh.Grains.Services;
using KpiMesh.Domain.Rollups;
using KpiMesh.Server.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiMesh.Server.Api;

public sealed record HistoryPointResponse(DateOnly Day, IndicatorRowResponse Indicator);

public sealed record HistoryResponse(string Unit, string Indicator, string? Option, DateOnly From, DateOnly To, IReadOnlyList<HistoryPointResponse> Points);

internal static class HistoryEndpoints
{
    public static void MapHistoryEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/units/{code}/history", GetHistoryAsync).RequireUnit(Permission.Read)
            .WithSummary("An indicator's rollup at the end of each day (daily history of units down to the town).");

    private static async Task<Results<Ok<HistoryResponse>, ProblemHttpResult>> GetHistoryAsync(
        RouteUnit unit, [AsParameters] SeriesQuery query, DateOnly? from, DateOnly? to, UnitReportService reports, ProgrammeCache programmes, TimeProvider clock)
    {
        var programme = (await programmes.GetAsync()).Programme;
        if (!query.TryResolve(programme.Catalog, int.MaxValue, out var definition, out var problem)) return problem;
        // Days are the programme's local days (Beijing time by default), as the grains record them.
        var until = to ?? programme.Today(clock.GetUtcNow());
        var since = from ?? until.AddDays(-30);
        if (since > until) return Problems.BadRequest("'from' must not be after 'to'");
        if (until.DayNumber - since.DayNumber > RollupHistory.DaysKept) return Problems.BadRequest($"ask for at most {RollupHistory.DaysKept} days at a time");
        var points = await reports.GetHistoryAsync(unit.Code, definition, query.Option, since, until);
        return TypedResults.Ok(new HistoryResponse(unit.Code, definition.Id, query.Option, since, until,
            points.Select(p => new HistoryPointResponse(p.Day, IndicatorRowResponse.From(p.Row))).ToList()));
    }
}
