using KpiMesh.Domain.Access;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Grains;
using KpiMesh.Grains.Services;
using KpiMesh.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiMesh.Server.Api;

internal static class IndicatorEndpoints
{
    public static void MapIndicatorEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/indicators", GetAsync)
            .WithSummary("The indicators of the programme in force (?unit=CODE: only those that exist at that unit).");
    }

    private static async Task<Results<Ok<List<IndicatorResponse>>, ProblemHttpResult>> GetAsync(string? unit, ProgrammeCache programmes, SiloUnitDirectory directory)
    {
        var catalog = (await programmes.GetAsync()).Programme.Catalog;
        if (unit is null) return TypedResults.Ok(catalog.All.Select(IndicatorResponse.From).ToList());
        if (!UnitCode.IsWellFormed(unit) || await directory.FindAsync(unit) is null) return Problems.NotFound($"unknown unit {(unit.Length > 40 ? unit[..40] : unit)}");
        var path = directory.Read(d => d.Ancestors(unit).Select(a => a.Code).Prepend(unit).ToList());
        return TypedResults.Ok(catalog.At(path).Select(IndicatorResponse.From).ToList());
    }
}
