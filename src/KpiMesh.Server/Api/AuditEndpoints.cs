using KpiMesh.Domain.Access;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Grains;
using KpiMesh.Grains.Log;
using KpiMesh.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiMesh.Server.Api;

public sealed record AuditResponse(string Unit, bool Durable, IReadOnlyList<AuditEntry> Submissions);

internal static class AuditEndpoints
{
    public const int MaxLimit = 500;

    public static void MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/units/{code}/submissions", GetAsync).RequireUnit(Permission.Administer)
            .WithSummary("The audit trail: the latest submissions for a unit, with the principal that sent each.");
    }

    private static async Task<Results<Ok<AuditResponse>, ProblemHttpResult>> GetAsync(
        string code, int? limit, ISubmissionLog log, SiloUnitDirectory directory, CancellationToken cancellationToken)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        if (limit is < 1 or > MaxLimit) return Problems.BadRequest($"limit must be between 1 and {MaxLimit}");
        if (await directory.FindAsync(code) is null) return Problems.NotFound($"unknown unit {code}");
        return TypedResults.Ok(new AuditResponse(code, log.IsDurable, await log.ReadRecentAsync(code, limit ?? 50, cancellationToken)));
    }
}
