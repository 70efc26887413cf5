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
}
