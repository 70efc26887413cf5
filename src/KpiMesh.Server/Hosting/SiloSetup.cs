using System.Net;
using KpiMesh.Grains;
using KpiMesh.Postgres;
using Orleans.Configuration;

namespace KpiMesh.Server.Hosting;

/// <summary>
/// Orleans configuration. With no PostgreSQL connection the silo runs alone with localhost clustering and in-memory
/// storage: the embedded default, where nothing survives a restart. With one, membership, grain state and the
/// submission log all live in PostgreSQL and any number of processes form one cluster.
/// </summary>
public static class SiloSetup
{
    /// <param name="storage">The <c>ConnectionStrings</c> section, bound before the host's services exist.</param>
    /// <param name="cluster">The <c>Orleans</c> section, likewise.</param>
    /// <param name="tracing">Whether traces are exported: grain calls then carry the trace of the HTTP request that caused them.</param>
    public static void Configure(ISiloBuilder silo, IConfiguration configuration, StorageOptions storage, ClusterHostOptions cluster, bool tracing)
    {
        if (tracing) silo.AddActivityPropagation();
        if (storage.Postgres is not { } postgres)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
            // Memory storage keeps state in a few storage grains, one write at a time each; with one unit grain writing
            // per flush, the default ten queued writes behind each other under load.
            silo.AddMemoryGrainStorage(StorageNames.Units, o => o.NumStorageGrains = 64);
            StopAwareStorage.Wrap(silo, StorageNames.Units, Orleans.Storage.MemoryGrainStorageFactory.Create);
            silo.Services.PostConfigure<RollupOptions>(o =>
            {
                o.StateWriteInterval = TimeSpan.MaxValue;
                o.StateOutlivesProcess = false;
            });
            return;
        }
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
        silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedIP), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAnyHostAddress);
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection(ClusterHostOptions.MembershipSection));
        silo.UseKpiMeshPostgres(postgres);
#pragma warning disable ORLEANSEXP003 // experimental in Orleans 10; off unless asked for (ClusterHostOptions.DistributedDirectory)
        if (cluster.DistributedDirectory) silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        StopAwareStorage.Wrap(silo, StorageNames.Units, Orleans.Storage.AdoNetGrainStorageFactory.Create);
        // On Kubernetes the pod's name, IP and the cluster/service ids come from the pod (POD_NAME, POD_IP,
        // ORLEANS_CLUSTER_ID, ...), silos of deleted pods are declared dead at once, and the pod of a silo the cluster
        // declared dead is deleted, so its Deployment replaces it. Membership stays in PostgreSQL.
        if (cluster.KubernetesHosting)
            silo.UseKubernetesHosting(o => o.Configure(k => k.DeleteDefunctSiloPods = true));
    }

    /// <summary>
    /// Before the silo joins: the silos killed with this one (a cold start of the service) are declared dead at once
    /// rather than after Orleans' probes evict them (<see cref="GoneSilos"/>). Orleans' membership table is read as
    /// it is at this moment, so this must run before the silo starts.
    /// </summary>
    public static Task DeclareGoneSilosDeadAsync(string connectionString, IConfiguration configuration, ClusterHostOptions cluster, ILogger logger)
    {
        var membership = configuration.GetSection(ClusterHostOptions.MembershipSection).Get<ClusterMembershipOptions>() ?? new ClusterMembershipOptions();
        return GoneSilos.DeclareDeadAsync(PostgresSiloBuilderExtensions.FailFast(connectionString), cluster.ClusterId,
            new IPEndPoint(IPAddress.Parse(cluster.AdvertisedIP), cluster.SiloPort), membership.IAmAliveTablePublishTimeout * membership.NumMissedTableIAmAliveLimit, logger);
    }

    /// <summary>
    /// Applies the schema before the silo starts (its providers read their queries from it at start), waiting up to
    /// <paramref name="patience"/> for a database that is still coming up.
    /// </summary>
    public static async Task PrepareDatabaseAsync(string connectionString, TimeSpan patience, ILogger logger)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                await PostgresSchema.ApplyAsync(PostgresSiloBuilderExtensions.FailFast(connectionString));
                return;
            }
            catch (Exception error) when (DateTime.UtcNow < deadline)
            {
                logger.LogWarning("PostgreSQL is not ready ({Error}); retrying", error.Message);
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }
}
