namespace KpiMesh.Server.Services;

public static class GatewayServices
{
    /// <summary>The application services the HTTP gateway calls (the silo's own services come from <c>AddKpiMeshSiloServices</c>).</summary>
    public static IServiceCollection AddKpiMeshGatewayServices(this IServiceCollection services)
    {
        services.AddSingleton<SubmissionIngestor>();
        services.AddSingleton<ApprovalLocks>();
        services.AddSingleton<ApprovalService>();
        services.AddSingleton<Reporting.TemplateService>();
        services.AddSingleton<Reporting.UploadService>();
        services.AddSingleton<Reporting.UploadJobs>();
        services.AddSingleton<PendingApplies>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingApplies>());
        services.AddSingleton<UnitReportService>();
        services.AddSingleton<TargetService>();
        services.AddSingleton<ProgrammeService>();
        services.AddSingleton<UnitSearch>();
        services.AddSingleton<AssessmentService>();
        services.AddSingleton<PlatformReportService>();
        services.AddSingleton<HierarchyImporter>();
        services.AddSingleton<ConsoleInsights>();
        services.AddSingleton<ConsoleMaps>();
        return services;
    }
}
