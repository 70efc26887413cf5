namespace KpiMesh.Gateway.Tests;

/// <summary>Keys as in production, no rate limit (the catalogue and the fuzzer fire hundreds of requests a second).</summary>
public sealed class HostileInputFixture : SecuredServerFixture
{
    protected override string[] MoreArguments => ["--Limits:RequestsPerSecond", "0"];
}
