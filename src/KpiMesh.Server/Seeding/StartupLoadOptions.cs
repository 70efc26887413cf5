using KpiMesh.Server.Hosting;

namespace KpiMesh.Server.Seeding;

/// <summary>What the server loads at start. Bound from the root of configuration, so <c>--import FILE</c> works.</summary>
public sealed class StartupLoadOptions
{
    /// <summary>A hierarchy CSV (or .csv.gz) to import at start (<c>--import FILE</c>).</summary>
    public string? Import { get; set; }

    public DemoOptions Demo { get; set; } = new();
}

/// <summary>
/// Binds <see cref="StartupLoadOptions"/> from the root of configuration, with the one alias the README promises:
/// <c>KPIMESH_DEMO_FEED</c> (read as <c>DEMO_FEED</c>) wins over <c>Demo:Feed</c>.
/// </summary>
internal static class StartupLoadOptionsSetup
{
    public static IServiceCollection AddStartupLoadOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBoundOptions<StartupLoadOptions>(configuration, section: "",
            (o, settings) => o.Demo.Feed = settings["DEMO_FEED"] ?? o.Demo.Feed);
        return services;
    }
}

public sealed class DemoOptions
{
    /// <summary>
    /// Load the Hebei hierarchy, demo institutions and demo values at start. Unset means on in the embedded default
    /// and off with PostgreSQL, where demo values would overwrite real ones at every start.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>The hierarchy file of the demo; when empty, <c>shared/data/hebei-units.csv</c> is looked for upwards from here.</summary>
    public string? HierarchyFile { get; set; }

    /// <summary>
    /// <c>off</c> stops the simulated live submissions that follow the demo (<c>Demo:Feed</c>, or <c>KPIMESH_DEMO_FEED</c>,
    /// which <see cref="StartupLoadOptionsSetup"/> maps here); the values already loaded stay.
    /// </summary>
    public string? Feed { get; set; }

    public bool FeedsLive => !string.Equals(Feed, "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>Seed of the demo generator, so every start shows the same demo.</summary>
    public int Seed { get; set; } = 2021;
}
