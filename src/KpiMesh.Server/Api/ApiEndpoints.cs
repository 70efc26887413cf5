using KpiMesh.Server.Auth;
using Microsoft.AspNetCore.Mvc;
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

    /// <summary>
    /// A body of <typeparamref name="T"/> in <paramref name="contentType"/> (or <paramref name="moreTypes"/>) of at most
    /// <paramref name="maxBytes"/>: the OpenAPI description and Kestrel's own request size limit, said once.
    /// </summary>
    public static RouteHandlerBuilder AcceptsUpTo<T>(this RouteHandlerBuilder endpoint, long maxBytes, string contentType, params string[] moreTypes)
        where T : notnull =>
        endpoint.Accepts<T>(contentType, moreTypes).WithMetadata(new RequestSizeLimitAttribute(maxBytes));
}
