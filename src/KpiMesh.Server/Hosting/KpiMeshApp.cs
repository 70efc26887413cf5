using KpiMesh.Grains;
using KpiMesh.Server.Api;
using KpiMesh.Server.Auth;
using KpiMesh.Server.Telemetry;
using KpiMesh.Server.Seeding;
using KpiMesh.Server.Services;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Hosting;

/// <summary>Builds the one process that is both an Orleans silo and the HTTP gateway.</summary>
public static class KpiMeshApp
{
    /// <param name="overrides">Replaces services after KpiMesh registered its own: tests use it to move the clock.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? overrides = null)
    {
        // appsettings.json (the default log levels among others) is read beside the assembly, not from the working
        // directory: started as `dotnet path/KpiMesh.Server.dll` from elsewhere (bench/national.sh) it was not found,
        // and one national restart logged 211,000 storage lines the defaults turn off.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("KPIMESH_");
        var storage = builder.Services.AddBoundOptions<StorageOptions>(builder.Configuration, StorageOptions.Section, StorageOptions.FromShortcut);
        // Orleans and OpenTelemetry are set up before dependency injection exists: from these bound options objects.
        var cluster = builder.Services.AddBoundOptions<ClusterHostOptions>(builder.Configuration, ClusterHostOptions.Section);
        if (storage.Postgres is { } postgres)
        {
            // The same levels and console format (JSON on Kubernetes) as the host's own logging.
            using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole());
            var logger = loggers.CreateLogger("KpiMesh");
            SiloSetup.PrepareDatabaseAsync(postgres, TimeSpan.FromSeconds(60), logger).GetAwaiter().GetResult();
            SiloSetup.DeclareGoneSilosDeadAsync(postgres, builder.Configuration, cluster, logger).GetAwaiter().GetResult();
        }

        var telemetry = builder.AddTelemetryOptions();
        builder.UseOrleans(silo => SiloSetup.Configure(silo, builder.Configuration, storage, cluster, telemetry.ExportsOtlp));
        builder.Services.AddKpiMeshSiloServices(builder.Configuration);
        // The whole stop is bounded by Stop:Timeout, not the host's default 30 s, which is all of Kubernetes' grace:
        // what Orleans does after it (leaving the cluster) must fit in that grace too (README "Stopping").
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<StopOptions>>((host, stop) => host.ShutdownTimeout = stop.Value.Timeout);
        builder.Services.AddKpiMeshGatewayServices();
        // Bodies of endpoints that set no size of their own (targets, cards); the uploads set theirs from the same limits.
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitOptions>>((o, limits) => o.Limits.MaxRequestBodySize = limits.Value.HierarchyBytes);
        builder.ScheduleUnitReadsInline();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemLanguage.Translate);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Bodies bound to records (targets, platform reports, scorecards) are read strictly: a duplicate or unknown
        // field is refused rather than silently dropped, and binding failures are thrown so they become problems.
        // Their depth stays System.Text.Json's default of 64 (the same options write the OpenAPI document).
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiContract>());
        builder.AddKpiMeshAccess();
        builder.AddKpiMeshTelemetry(telemetry);
        builder.AddKpiMeshManagement();
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterReadyCheck>("cluster", tags: ["ready"])
            .AddCheck<RecoveryReadyCheck>("recovery", tags: ["ready"]);
        builder.Services.AddStartupLoadOptions(builder.Configuration);
        builder.Services.AddSingleton<DemoSeeder>();
        builder.Services.AddSingleton<DemoApplications>();
        builder.Services.AddSingleton<StartupStatus>();
        builder.Services.AddSingleton<Live.LiveUnitFeeds>();
        builder.Services.AddSingleton<Live.UnitReadCache>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Live.UnitReadCache>());
        builder.Services.AddHostedService<StartupLoader>();
        builder.Services.AddHostedService<DemoFeed>();
        overrides?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseThreadPoolForAllButUnitReads();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var console = new ManifestEmbeddedFileProvider(typeof(KpiMeshApp).Assembly, "wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = console });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = console });
        app.UseKpiMeshAccess();
        app.MapKpiMeshApi();
        app.MapOpenApi();
        app.MapHealthEndpoints();
        app.MapKpiMeshMetrics();
        app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
        return app;
    }

    /// <summary>Where a started server listens: the addresses Kestrel bound (a port of 0 in --urls is chosen by the system).</summary>
    public static ICollection<string> AddressesOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
}
