using System.ComponentModel.DataAnnotations;

namespace KpiMesh.Server.Telemetry;

/// <summary>Configuration section <c>Management</c>: where operators' endpoints are served apart from the public API.</summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>
    /// A port (on every address) that serves <c>/metrics</c> and <c>/health/*</c> without credentials, for Prometheus
    /// and probes; keep it out of the public Service. Without it, <c>/metrics</c> needs a whole-tree principal.
    /// </summary>
    [Range(1, 65535)]
    public int? Port { get; set; }
}
