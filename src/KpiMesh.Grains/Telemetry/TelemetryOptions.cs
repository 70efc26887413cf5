using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Grains.Telemetry;

/// <summary>Configuration section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The lowest level whose rollups are published as metrics (nation down to this level).</summary>
    public UnitLevel RollupDepth { get; set; } = UnitLevel.County;
}
