using KpiMesh.Server.Auth;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Api;

internal static class ApiEndpoints
{
    public static void MapKpiMeshApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapSubmissionEndpoints();
        api.MapUnitEndpoints();
        api.MapIndicatorEndpoints();
        api.MapHierarchyEndpoints();
        api.MapTargetEndpoints();
        api.MapProgrammeEndpoints();
        api.MapHistoryEndpoints();
        api.MapPlatformEndpoints();
        api.MapScorecardEndpoints();
        api.MapAssessmentEndpoints();
        api.MapAuditEndpoints();
        api.MapConsoleEndpoints();
        api.MapApprovalEndpoints();
        api.MapReportingEndpoints();
    }

    /// <summary>The request limits, for what is fixed when an endpoint is mapped (its request size); handlers take <c>IOptions&lt;LimitOptions&gt;</c>.</summary>
    public static LimitOptions Limits(this IEndpointRouteBuilder endpoints) =>
        endpoints.ServiceProvider.GetRequiredService<IOptions<LimitOptions>>().Value;
}
