using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Platform;
using KpiMesh.Grains.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiMesh.Server.Api;

public sealed record PlatformBody(
    string? Period, double? AreaSquareMetres, double? Rooms, double? Managers, double? Counsellors, bool? ServiceRules, string? Id);

public sealed record PlatformResponse(string Unit, bool Built, bool ToStandard, IReadOnlyList<string> Shortfalls);

internal static class PlatformEndpoints
{
    public static void MapPlatformEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/units/{code}/platform", SubmitAsync).RequireUnit(Permission.Submit)
            .WithSummary("A county centre, town station or village room reports its area, rooms and staff; KpiMesh judges it against the standard.");
    }

    private static async Task<Results<Ok<PlatformResponse>, ProblemHttpResult>> SubmitAsync(
        string code, PlatformBody body, HttpContext context, PlatformReportService platforms, CancellationToken cancellationToken)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        var report = new PlatformReport(body.Period, body.AreaSquareMetres, body.Rooms, body.Managers, body.Counsellors, body.ServiceRules, body.Id);
        var result = await platforms.SubmitAsync(code, report, context.Principal().Name, cancellationToken);
        if (result.UnknownUnit) return Problems.NotFound(result.Error!);
        if (result.Assessment is not { } assessment) return Problems.Invalid("Platform report refused", result.Error! + "; nothing was applied");
        return TypedResults.Ok(new PlatformResponse(code, assessment.Built, assessment.ToStandard, assessment.Shortfalls));
    }
}
