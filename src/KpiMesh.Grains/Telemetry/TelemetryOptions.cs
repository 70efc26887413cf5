using System.ComponentModel.DataAnnotations;
using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Grains.Telemetry;

/// <summary>Configuration section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The lowest level whose rollups are published as metrics (nation down to this level).</summary>
    public UnitLevel RollupDepth { get; set; } = UnitLevel.County;

    /// <summary>An OTLP collector that also receives metrics and traces (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> says the same).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// Set by the host when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is given: the exporter reads that variable (and its
    /// protocol) itself, so only whether to export is taken from it.
    /// </summary>
    public bool OtlpFromEnvironment { get; set; }

    /// <summary>Whether metrics and traces go to a collector; without one, no traces are made at all.</summary>
    public bool ExportsOtlp => OtlpEndpoint is not null || OtlpFromEnvironment;

    /// <summary><c>grpc</c> (the default) or <c>http/protobuf</c>, for which each signal's path is added to the endpoint.</summary>
    [RegularExpression("^(grpc|http/protobuf)$")]
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The share of traces kept when they are exported: an activity per grain call costs CPU under load.</summary>
    [Range(0.0, 1.0)]
    public double TraceSampleRatio { get; set; } = 0.1;
}
