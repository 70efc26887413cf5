using KpiMesh.Grains;
using KpiMesh.Grains.Log;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Hosting;

/// <summary>Tells whoever started the server where the API is and what it keeps.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = KpiMeshApp.AddressesOf(app);
        var rollup = app.Services.GetRequiredService<IOptions<RollupOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KpiMesh");
        var management = app.Services.GetRequiredService<IOptions<Telemetry.ManagementOptions>>().Value.Port;
        foreach (var address in addresses)
            if (management is { } port && BindingAddress.Parse(address).Port == port)
                logger.LogInformation("Metrics for Prometheus at {Address}/metrics (management port: keep it private)", address);
            else
                logger.LogInformation("KpiMesh API at {Address}/api/v1 (try {Address}/api/v1/units/13; OpenAPI at {Address}/openapi/v1.json)",
                    address, address, address);
        if (app.Services.GetRequiredService<ISubmissionLog>().IsDurable)
            logger.LogInformation("Durable mode: membership, grain state and the submission log are in PostgreSQL");
        else
            logger.LogWarning("Embedded mode: one silo, localhost clustering, in-memory storage. NOTHING IS PERSISTED: a restart starts empty.");
        var keys = app.Services.GetRequiredService<Auth.ApiKeyStore>();
        if (keys.IsOpen)
            logger.LogWarning("OPEN ACCESS ON LOOPBACK: no API key or token issuer is configured, so callers on this machine need no "
                + "credentials and act as admin. Callers from any other address are refused; they can use the admin key below.");
        if (keys.GeneratedAdminKey is { } generated)
            logger.LogWarning("Admin key for this run (whole tree; set KPIMESH_ADMIN_KEY to choose your own): X-Api-Key: {Key}", generated);
        logger.LogInformation("Rollups reach every ancestor within {Bound} (flush every {Interval} ms per level, {UpperInterval} ms from {UpperLevel} up)",
            rollup.StalenessBound, rollup.FlushInterval.TotalMilliseconds, rollup.UpperFlushInterval.TotalMilliseconds, rollup.UpperLevel);
    }
}
