namespace KpiMesh.Grains;

public static class StorageNames
{
    /// <summary>The grain storage provider every KpiMesh grain keeps its state in (memory or PostgreSQL).</summary>
    public const string Units = "kpimesh";
}
