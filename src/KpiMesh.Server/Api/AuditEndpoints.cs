using KpiMesh.Domain.Access;
using KpiMesh.Grains.Log;
using KpiMesh.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Api;

public sealed record AuditEntryResponse(
    long Sequence, string? Id, string Indicator, string? Option, long Numerator, long Denominator, string Period, string SubmittedBy, DateTimeOffset ReceivedAt)
{
    public static AuditEntryResponse From(AuditEntry e) =>
        new(e.Sequence, e.Id, e.Indicator, e.Option, e.Numerator, e.Denominator, e.Period, e.SubmittedBy, e.ReceivedAt);
}

public sealed record AuditResponse(string Unit, bool Durable, IReadOnlyList<AuditEntryResponse> Submissions);

internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/units/{code}/submissions", GetAsync).RequireUnit(Permission.Administer)
            .WithSummary("The audit trail: the latest submissions for a unit, with the principal that sent each.");
    }

    private static async Task<Results<Ok<AuditResponse>, ProblemHttpResult>> GetAsync(
        RouteUnit unit, int? limit, ISubmissionLog log, IOptions<LimitOptions> limits, CancellationToken cancellationToken)
    {
        if (SeriesQuery.CheckLimit(limit, limits.Value.AuditEntries) is { } badLimit) return badLimit;
        var entries = await log.ReadRecentAsync(unit.Code, limit ?? 50, cancellationToken);
        return TypedResults.Ok(new AuditResponse(unit.Code, log.IsDurable, entries.Select(AuditEntryResponse.From).ToList()));
    }
}
