using KpiMesh.Grains;
using KpiMesh.Grains.Log;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KpiMesh.Postgres;

public static class PostgresSiloBuilderExtensions
{
    /// <summary>Keeps every KpiMesh grain's state in PostgreSQL (the schema must have been applied).</summary>
    public static ISiloBuilder AddKpiMeshPostgresStorage(this ISiloBuilder silo, string connectionString) =>
        silo.AddAdoNetGrainStorage(StorageNames.Units, options =>
        {
            options.Invariant = PostgresSchema.Invariant;
            options.ConnectionString = connectionString;
        });

    /// <summary>The submission log and the recovery checkpoint in PostgreSQL, which makes recovery and checkpoints run.</summary>
    public static ISiloBuilder AddKpiMeshPostgresLog(this ISiloBuilder silo, string connectionString)
    {
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(FailFast(connectionString)));
        silo.Services.AddSingleton<ISubmissionLog>(sp => new PostgresSubmissionLog(sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId));
        return silo;
    }

    /// <summary>
    /// The durable configuration: cluster membership, grain state and the submission log all in PostgreSQL.
    /// </summary>
    public static ISiloBuilder UseKpiMeshPostgres(this ISiloBuilder silo, string connectionString)
    {
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = PostgresSchema.Invariant;
            options.ConnectionString = connectionString;
        });
        silo.AddKpiMeshPostgresStorage(ForGrainState(connectionString));
        silo.AddKpiMeshPostgresLog(connectionString);
        silo.Services.AddHealthChecks().AddCheck<PostgresReadyCheck>("postgres", tags: ["ready"]);
        return silo;
    }

    /// <summary>
    /// Grain state is a cache of what the submission log implies (replayed at start), so its writes need not wait
    /// for the disk (the log keeps synchronous commits, because "accepted" promises durability). A burst of
    /// activations may queue for a pooled connection a while: that is load, not an outage, so the wait is long
    /// and the pool small enough that three processes stay well inside PostgreSQL's default 100 connections.
    /// </summary>
    public static string ForGrainState(string connectionString) =>
        Prepared(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Options = "-c synchronous_commit=off", Timeout = 60, CommandTimeout = 60, MaxPoolSize = 24,
        }, connectionString).ConnectionString;

    /// <summary>
    /// Unless the connection string says otherwise, Npgsql prepares the statements a connection runs again and again
    /// (grain state reads and writes, log appends), so PostgreSQL parses and plans each once per connection instead of
    /// at every call: during a national cold start's replay (16,500 rows, 14,397 units) PostgreSQL used 5 s of CPU in
    /// 10 s instead of 7-8 s, on a 2-core machine it shares with the server. Prepared statements need a session of
    /// their own: behind PgBouncer in transaction mode, set <c>Max Auto Prepare=0</c>.
    /// </summary>
    private static NpgsqlConnectionStringBuilder Prepared(NpgsqlConnectionStringBuilder builder, string connectionString)
    {
        // "Max Auto Prepare" in any spelling Npgsql takes (spaces or none); "Auto Prepare Min Usages" alone keeps the default.
        if (!connectionString.Replace(" ", "").Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 16;
        return builder;
    }

    /// <summary>
    /// Unless the connection string says otherwise, give up on an unreachable database within seconds, so a request
    /// while PostgreSQL is down is answered 503 promptly rather than after the driver's default 15 s.
    /// </summary>
    public static string FailFast(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.Timeout = 3;
            builder.CommandTimeout = 30;
        }
        return Prepared(builder, connectionString).ConnectionString;
    }
}

/// <summary>Ready only while PostgreSQL answers: without it nothing can be accepted.</summary>
internal sealed class PostgresReadyCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (Exception error)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer", error);
        }
    }
}
