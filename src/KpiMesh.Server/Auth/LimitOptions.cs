namespace KpiMesh.Server.Auth;

/// <summary>Configuration section <c>Limits</c>: how much one principal may ask of the gateway.</summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>Requests per second per principal, sustained (a token bucket); 0 turns the limit off.</summary>
    public int RequestsPerSecond { get; set; } = 200;

    /// <summary>Requests a principal may send at once above the sustained rate.</summary>
    public int Burst { get; set; } = 400;

    /// <summary>Open live streams (SSE) per principal.</summary>
    public int StreamsPerPrincipal { get; set; } = 16;

    /// <summary>How long an ordinary request may take before it is abandoned with 504.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a hierarchy upload may take (the national file is 665,277 lines).</summary>
    public TimeSpan ImportTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
