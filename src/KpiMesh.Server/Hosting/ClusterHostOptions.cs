using System.ComponentModel.DataAnnotations;
using System.Net;

namespace KpiMesh.Server.Hosting;

/// <summary>
/// Configuration section <c>Orleans</c>: how this process joins its cluster. Its <c>Membership</c> subsection is
/// Orleans' own <c>ClusterMembershipOptions</c>, bound by Orleans.
/// </summary>
public sealed class ClusterHostOptions : IValidatableObject
{
    public const string Section = "Orleans";

    /// <summary>Orleans' own <c>ClusterMembershipOptions</c>: bound for the silo, and read before it starts (<c>GoneSilos</c>).</summary>
    public const string MembershipSection = Section + ":Membership";

    /// <summary>Processes with the same ids form one cluster (durable mode).</summary>
    [Required]
    public string ClusterId { get; set; } = "kpimesh";

    [Required]
    public string ServiceId { get; set; } = "kpimesh";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The silo's address for the others (durable mode).</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>Pod identity from Kubernetes (set by <c>k8s/</c>).</summary>
    public bool KubernetesHosting { get; set; }

    /// <summary>
    /// Orleans' distributed grain directory (README "Grain directory"), experimental in Orleans 10: a leaving silo hands
    /// its ranges over, so the others keep their activations (the default directory deactivates those whose entries the
    /// leaving silo held, and a unit can have two activations for a moment, which <c>UnitGrain</c> resolves). Off by default, and not
    /// covered by a test: a process test saw a unit read answered 500 while it recovered a SIGKILLed silo's ranges (a
    /// directory registration cancelled).
    /// </summary>
    public bool DistributedDirectory { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(AdvertisedIP, out _))
            yield return new ValidationResult($"Orleans:AdvertisedIP '{AdvertisedIP}' is not an IP address", [nameof(AdvertisedIP)]);
    }
}
