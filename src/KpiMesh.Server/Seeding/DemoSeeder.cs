using KpiMesh.Domain.Access;
using System.Diagnostics;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Grains;
using KpiMesh.Server.Services;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Seeding;

/// <summary>The embedded default's demo: the Hebei hierarchy, institutions under it, and a month of values.</summary>
internal sealed class DemoSeeder(
    IOptions<StartupLoadOptions> options, HierarchyImporter importer, SiloUnitDirectory directory,
    SubmissionIngestor ingestor, DemoApplications applications, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    private const int BatchSize = 5_000;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value.Demo;
        var file = demo.HierarchyFile is { Length: > 0 } configured ? configured : SharedData.Find("hebei-units.csv");
        if (file is null || !File.Exists(file))
        {
            logger.LogWarning("Demo: no hierarchy file found (looked for shared/data/hebei-units.csv upwards from here); " +
                "the service starts empty. Load one with POST /api/v1/hierarchy or --import FILE");
            return;
        }
        var watch = Stopwatch.StartNew();
        var hierarchy = await StartupLoader.ImportFileAsync(importer, file, cancellationToken);
        if (hierarchy.Error is { } error) { logger.LogError("Demo: {File} refused: {Error}", file, error); return; }

        var random = new Random(demo.Seed);
        var institutions = directory.Read(d => DemoInstitutions.ToCsv(d.Units.Where(u => u.Level.IsAdministrative()).ToList(), random));
        var attached = await importer.ImportAsync(new StringReader(institutions), "demo institutions", cancellationToken);
        if (attached.Error is { } institutionError) { logger.LogError("Demo institutions refused: {Error}", institutionError); return; }

        var now = clock.GetUtcNow();
        var values = directory.Read(d => DemoValues.Generate(d, random, $"{now.Year:D4}-{now.Month:D2}"));
        for (var start = 0; start < values.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = values.GetRange(start, Math.Min(BatchSize, values.Count - start));
            await ingestor.IngestAsync(batch, [], new Principal("demo", Role.Admin, null), cancellationToken);
            if ((start / BatchSize) % 4 == 3) logger.LogInformation("Demo: {Done:N0} of {Total:N0} values submitted", start + batch.Count, values.Count);
        }
        // Shijiazhuang, the first city of the data: applications at every stage for the console's assessment section.
        if (directory.Find("1301") is not null) await applications.SeedAsync("1301", random, cancellationToken);
        logger.LogInformation("Demo ready in {Seconds:F1} s: {Units:N0} units, {Values:N0} values", watch.Elapsed.TotalSeconds, directory.Version, values.Count);
    }
}
