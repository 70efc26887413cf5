using KpiMesh.Domain.Indicators;
using KpiMesh.Grains.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KpiMesh.Grains;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything a KpiMesh silo needs besides Orleans' own configuration (clustering, storage).</summary>
    public static IServiceCollection AddKpiMeshSiloServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RollupOptions>(configuration.GetSection(RollupOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(IndicatorCatalog.Default);
        services.AddSingleton<SiloUnitDirectory>();
        services.AddSingleton<SubmissionIngestor>();
        services.AddSingleton<UnitReportService>();
        services.AddSingleton<HierarchyImporter>();
        services.AddHostedService<DirectorySyncService>();
        return services;
    }
}
