using System.Net;
using KpiMesh.Testing;
using static KpiMesh.Gateway.Tests.SecuredServerFixture;

namespace KpiMesh.Gateway.Tests;

/// <summary>Keys configured, and a management port as <c>k8s/</c> sets it.</summary>
public sealed class ManagementPortServerFixture : SecuredServerFixture
{
    public int ManagementPort { get; } = FreePort.Next();

    protected override string[] MoreArguments => ["--Management:Port", ManagementPort.ToString(), "--Management:Host", "127.0.0.1"];
}

/// <summary>
/// /metrics names every county's rollups: on the public port only a principal of the whole tree reads it; the
/// management port (kept out of the public Service) serves Prometheus without credentials.
/// </summary>
public sealed class MetricsAccessTests(ManagementPortServerFixture server) : IClassFixture<ManagementPortServerFixture>
{
    [Fact]
    public async Task Metrics_on_the_public_port_are_refused_without_credentials()
    {
        using var anonymous = server.Client(null);
        var detail = await HttpAssert.ProblemAsync(await anonymous.GetAsync("/metrics"), HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", detail);
    }

    [Fact]
    public async Task Metrics_on_the_public_port_are_refused_to_a_principal_of_a_subtree()
    {
        using var cityViewer = server.Client(CityViewer);
        var detail = await HttpAssert.ProblemAsync(await cityViewer.GetAsync("/metrics"), HttpStatusCode.Forbidden);
        Assert.Contains("whole tree", detail);
        using var countyAdmin = server.Client(CountyAdmin);
        await HttpAssert.ProblemAsync(await countyAdmin.GetAsync("/metrics"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_admin_of_the_whole_tree_reads_metrics_on_the_public_port()
    {
        using var admin = server.Client(Admin);
        var response = await admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE ", await response.Content.ReadAsStringAsync()); // Prometheus' text format
    }

    [Fact]
    public async Task The_management_port_serves_metrics_and_health_without_credentials()
    {
        Assert.NotEqual(server.ManagementPort, server.Address.Port);
        using var prometheus = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.ManagementPort}") };
        var response = await prometheus.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE ", await response.Content.ReadAsStringAsync()); // Prometheus' text format
        Assert.Equal(HttpStatusCode.OK, (await prometheus.GetAsync("/health/live")).StatusCode);
        // The API itself needs credentials there as anywhere.
        await HttpAssert.ProblemAsync(await prometheus.GetAsync("/api/v1/units/13"), HttpStatusCode.Unauthorized);
    }
}
