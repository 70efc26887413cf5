using KpiMesh.Grains;

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
}
