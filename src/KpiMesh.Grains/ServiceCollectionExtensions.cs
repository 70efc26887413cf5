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

    /// <summary>
    /// Orleans' distributed grain directory, experimental in Orleans 10, instead of its default one, for a cluster of
    /// silos (<c>Orleans:DistributedDirectory</c>, off by default). With the default, a silo that leaves (a rolling
    /// restart's SIGTERM too) takes its part of the directory with it, and every other silo deactivates the activations
    /// registered there; those still starting at that moment were cancelled with two <c>fail:</c> entries each (10 in a
    /// national rolling restart with 200,000 values, 21 with 2,000,000; bench/national.sh). The distributed one hands
    /// its ranges over and rebuilds a dead silo's from the activations: 0 such entries in the same runs. But in a fresh
    /// clone's process test, a unit read right after a SIGKILL answered 500: a directory registration was cancelled
    /// while the dead silo's ranges were being rebuilt (README "Grain directory").
    /// </summary>
    public static ISiloBuilder UseKpiMeshGrainDirectory(this ISiloBuilder silo)
    {
#pragma warning disable ORLEANSEXP003 // experimental: the API may change in a later Orleans, not its behaviour here
        return silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
    }
}
