using Orleans.Metadata;
using Orleans.Storage;
using KpiMesh.Grains.Telemetry;
using KpiMesh.Domain.Scorecards;
using KpiMesh.Grains.Log;
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
        services.AddOptions<RollupOptions>().Bind(configuration.GetSection(RollupOptions.Section))
            .Validate(o => o.FlushInterval > TimeSpan.Zero && o.UpperFlushInterval > TimeSpan.Zero && o.ReadMaxAge > TimeSpan.Zero,
                "Rollup:FlushInterval, Rollup:UpperFlushInterval and Rollup:ReadMaxAge must be positive")
            .ValidateOnStart();
        services.AddOptions<RecoveryOptions>().Bind(configuration.GetSection(RecoveryOptions.Section))
            .Validate(o => o.CheckpointInterval >= TimeSpan.Zero, "Recovery:CheckpointInterval must not be negative (zero turns checkpoints off)")
            .Validate(o => o.RowsPerRound > 0, "Recovery:RowsPerRound must be positive")
            .Validate(o => o.MaxLagRows >= 0, "Recovery:MaxLagRows must not be negative (zero turns the bound off)")
            .ValidateOnStart();
        services.AddOptions<StopOptions>().Bind(configuration.GetSection(StopOptions.Section))
            .Validate(o => o.SaveBudget >= TimeSpan.Zero && o.SaveBudget < TimeSpan.FromSeconds(25), "Stop:SaveBudget must be between 0 and 25 s (Orleans cancels a deactivation after 30 s)")
            .Validate(o => o.Timeout > o.SaveBudget, "Stop:Timeout must be longer than Stop:SaveBudget")
            .ValidateOnStart();
        services.Configure<TelemetryOptions>(configuration.GetSection(TelemetryOptions.Section));
        services.AddMetrics();
        // Grain state in Orleans' binary format rather than the default Newtonsoft JSON, whose serialising of every
        // unit's state at every flush took a quarter of the CPU under load (dotnet-trace, docs/benchmarks.md).
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.AddSingleton<IGrainPropertiesProvider, StayingGrains>();
        services.AddSingleton<KpiMeshMetrics>();
        services.AddSingleton<RollupGauges>();
        services.AddSingleton<UnitTelemetry>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(ScorecardCatalog.Default); // the application grains judge cards by it
        services.AddSingleton<SiloUnitDirectory>();
        services.AddSingleton<LogReconciler>();
        services.AddSingleton<ProgrammeCache>();
        services.AddHostedService<ProgrammeSyncService>();
        services.TryAddSingleton<ISubmissionLog, InMemorySubmissionLog>();
        services.AddSingleton<RecoveryStatus>();
        services.AddSingleton<ProcessStop>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ProcessStop>());
        services.AddHostedService<RecoveryService>();
        services.AddSingleton<CheckpointLag>();
        services.AddHostedService(sp => sp.GetRequiredService<CheckpointLag>());
        services.AddSingleton<Checkpointer>();
        services.AddHostedService(sp => sp.GetRequiredService<Checkpointer>());
        services.AddHostedService<DirectorySyncService>();
        return services;
    }
}
