namespace KpiMesh.Server.Seeding;

/// <summary>What the server loads at start. Bound from the root of configuration, so <c>--import FILE</c> works.</summary>
public sealed class StartupLoadOptions
{
    /// <summary>A hierarchy CSV (or .csv.gz) to import at start (<c>--import FILE</c>).</summary>
    public string? Import { get; set; }

    public DemoOptions Demo { get; set; } = new();
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

    /// <summary>Set by the start-up task when it loaded the demo: only then does the live demo feed run.</summary>
    internal bool Feeds { get; set; }

    /// <summary>Seed of the demo generator, so every start shows the same demo.</summary>
    public int Seed { get; set; } = 2021;
}
