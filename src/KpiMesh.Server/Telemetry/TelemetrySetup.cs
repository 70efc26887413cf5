using KpiMesh.Grains.Telemetry;
using KpiMesh.Server.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace KpiMesh.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the gateway (ASP.NET Core), Orleans (its meter and trace sources), the database (Npgsql) and
/// the domain (meter and source "KpiMesh"). Metrics are served at /metrics in Prometheus' format; both metrics and
/// traces also go to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT (or Telemetry:OtlpEndpoint) is set.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>
    /// The <c>Telemetry</c> section (bound for the grains by <c>AddKpiMeshSiloServices</c>), checked at start; the returned
    /// object is what the silo and the exporters are set up from while the host is built.
    /// </summary>
    public static TelemetryOptions AddTelemetryOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().PostConfigure(o => FromEnvironment(o, builder.Configuration))
            .ValidateDataAnnotations().ValidateOnStart();
        return OptionsBinding.BindNow<TelemetryOptions>(builder.Configuration, TelemetryOptions.Section, FromEnvironment);
    }

    private static void FromEnvironment(TelemetryOptions options, IConfiguration configuration) =>
        options.OtlpFromEnvironment = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is not null;

    public static void AddKpiMeshTelemetry(this WebApplicationBuilder builder, TelemetryOptions options)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("kpimesh", serviceInstanceId: Environment.MachineName + "-" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddMeter("Microsoft.Orleans")
                    .AddMeter("System.Runtime")
                    .AddMeter("Npgsql")
                    .AddMeter(KpiMeshMetrics.SourceName)
                    // One series per (unit, indicator, option) down to Telemetry:RollupDepth: about 5,000 for Hebei
                    // to county level, far above the SDK's default of 2,000 points per metric.
                    .AddView(instrument => instrument.Name.StartsWith("kpimesh.rollup.", StringComparison.Ordinal)
                        ? new MetricStreamConfiguration { CardinalityLimit = MaxRollupSeries } : null)
                    .AddPrometheusExporter();
                if (options.ExportsOtlp) metrics.AddOtlpExporter(o => Otlp(o, options, "metrics"));
            })
            .WithTracing(tracing =>
            {
                // Traces are only made when they go somewhere: an activity per grain call costs about a tenth of the
                // CPU under load. Telemetry:TraceSampleRatio (default 0.1) keeps that bounded when they are exported.
                if (!options.ExportsOtlp) return;
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)));
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics")
                        && !context.Request.Path.StartsWithSegments("/health"))
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage")
                    .AddSource("Npgsql")
                    .AddSource(KpiMeshMetrics.SourceName);
                tracing.AddOtlpExporter(o => Otlp(o, options, "traces"));
            });
    }

    /// <summary>
    /// The OTEL_EXPORTER_OTLP_* variables are read by the exporter itself (endpoint, protocol, headers, export
    /// intervals). Telemetry:OtlpEndpoint and Telemetry:OtlpProtocol (grpc or http/protobuf) say the same in
    /// configuration files; for http/protobuf the signal's path is added as the variables would.
    /// </summary>
    private static void Otlp(OpenTelemetry.Exporter.OtlpExporterOptions options, TelemetryOptions telemetry, string signal)
    {
        if (telemetry.OtlpEndpoint is not { } endpoint) return;
        var http = telemetry.OtlpProtocol == "http/protobuf";
        options.Protocol = http ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;
        options.Endpoint = new Uri(http ? endpoint.TrimEnd('/') + "/v1/" + signal : endpoint);
    }

    /// <summary>Enough for a province to county level; a whole country should publish to city level only.</summary>
    public const int MaxRollupSeries = 50_000;

    public static void MapKpiMeshMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(MetricsAccess.Policy);
}
