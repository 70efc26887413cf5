namespace KpiMesh.Server.Hosting;

/// <summary>
/// Configuration section <c>ConnectionStrings</c>: where durable state lives. Without <see cref="Postgres"/> the process
/// runs the embedded default (one silo, memory storage, nothing persisted).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "ConnectionStrings";

    /// <summary><c>ConnectionStrings:Postgres</c>, or the shortcut environment variable <c>KPIMESH_POSTGRES</c> when that is empty.</summary>
    public string? Postgres { get; set; }

    /// <summary>The shortcut, applied by the options binding: <c>KPIMESH_POSTGRES</c> reaches configuration as <c>POSTGRES</c>.</summary>
    internal static void FromShortcut(StorageOptions options, IConfiguration configuration)
    {
        if (options.Postgres is not { Length: > 0 }) options.Postgres = configuration["POSTGRES"] is { Length: > 0 } shortcut ? shortcut : null;
    }
}
