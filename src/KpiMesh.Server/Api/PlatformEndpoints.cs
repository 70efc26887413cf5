using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using KpiMesh.Domain.Platform;
using KpiMesh.Server.Services;
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
        RouteUnit unit, PlatformBody body, HttpContext context, PlatformReportService platforms, CancellationToken cancellationToken)
    {
        var report = new PlatformReport(body.Period, body.AreaSquareMetres, body.Rooms, body.Managers, body.Counsellors, body.ServiceRules, body.Id);
        var result = await platforms.SubmitAsync(unit.Code, report, context.Principal().Name, cancellationToken);
        if (result.Assessment is not { } assessment) return Problems.Invalid("Platform report refused", result.Error! + "; nothing was applied");
        return TypedResults.Ok(new PlatformResponse(unit.Code, assessment.Built, assessment.ToStandard, assessment.Shortfalls));
    }
}
