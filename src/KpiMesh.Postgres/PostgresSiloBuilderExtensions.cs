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
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            Options = "-c synchronous_commit=off", Timeout = 60, CommandTimeout = 60, MaxPoolSize = 24,
        }.ConnectionString;

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
        return builder.ConnectionString;
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
