using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Rollups;
using KpiMesh.Grains.Services;
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
        string code, string? indicator, string? option, DateOnly? from, DateOnly? to, UnitReportService reports, ProgrammeService programmes, TimeProvider clock)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        var programme = (await programmes.GetAsync()).Programme;
        if (programme.Catalog.Find(indicator) is not { } definition) return Problems.BadRequest("the query parameter 'indicator' must name an indicator of the programme");
        if (TargetEndpoints.SeriesProblem(definition, option) is { } badOption) return Problems.BadRequest(badOption);
        // Days are the programme's local days (Beijing time by default), as the grains record them.
        var until = to ?? programme.Today(clock.GetUtcNow());
        var since = from ?? until.AddDays(-30);
        if (since > until) return Problems.BadRequest("'from' must not be after 'to'");
        if (until.DayNumber - since.DayNumber > RollupHistory.DaysKept) return Problems.BadRequest($"ask for at most {RollupHistory.DaysKept} days at a time");
        if (await reports.GetHistoryAsync(code, definition, option, since, until) is not { } points) return Problems.NotFound($"unknown unit {code}");
        return TypedResults.Ok(new HistoryResponse(code, definition.Id, option, since, until,
            points.Select(p => new HistoryPointResponse(p.Day, IndicatorRowResponse.From(p.Row))).ToList()));
    }
}
