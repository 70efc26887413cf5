using System.ComponentModel.DataAnnotations;

namespace KpiMesh.Server.Telemetry;

/// <summary>Configuration section <c>Management</c>: where operators' endpoints are served apart from the public API.</summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>
    /// A port (on <see cref="Host"/>) that serves <c>/metrics</c> and <c>/health/*</c> without credentials, for Prometheus
    /// and probes; keep it out of the public Service. Without it, <c>/metrics</c> needs a whole-tree principal.
    /// </summary>
    [Range(1, 65535)]
    public int? Port { get; set; }

    /// <summary>The address the management port listens on: every address (<c>+</c>, for Kubernetes), or e.g. 127.0.0.1.</summary>
    [Required]
    public string Host { get; set; } = "+";
}
