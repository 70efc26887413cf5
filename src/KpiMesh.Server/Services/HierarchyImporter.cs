using KpiMesh.Grains;
using KpiMesh.Abstractions;
using KpiMesh.Domain.Hierarchy;
using Microsoft.Extensions.Logging;

namespace KpiMesh.Server.Services;

public sealed record ImportReport(int Added, int Renamed, int Unchanged, int Version, HierarchyError? Error);

/// <summary>
/// Loads a hierarchy CSV: parses it here (syntax errors with their line), has the hierarchy grain judge and apply
/// it whole, then brings this silo's directory up to the new version so the units are readable at once.
/// </summary>
public sealed class HierarchyImporter(IGrainFactory grains, SiloUnitDirectory directory, ILogger<HierarchyImporter> logger)
{
    public async Task<ImportReport> ImportAsync(TextReader csv, string sourceName, CancellationToken cancellationToken = default)
    {
        var parsed = HierarchyCsv.Parse(csv, rows => logger.LogInformation("{Source}: read {Rows:N0} rows", sourceName, rows));
        if (parsed.Error is { } syntaxError) return new ImportReport(0, 0, 0, directory.Version, syntaxError);
        cancellationToken.ThrowIfCancellationRequested();

        logger.LogInformation("{Source}: {Rows:N0} rows read; checking and applying", sourceName, parsed.Rows.Count);
        var rows = parsed.Rows.Select(r => new HierarchyRowData(r.Line, r.Code, r.Name, r.Level, r.ParentCode)).ToArray();
        var outcome = await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).Import(rows);
        if (outcome.Error is not null)
            return new ImportReport(0, 0, 0, outcome.Version, new HierarchyError(outcome.ErrorLine, outcome.Error));

        await directory.EnsureVersionAsync(outcome.Version);
        logger.LogInformation("{Source}: {Added:N0} units added, {Renamed:N0} renamed, {Unchanged:N0} unchanged (hierarchy version {Version:N0})",
            sourceName, outcome.Added, outcome.Renamed, outcome.Unchanged, outcome.Version);
        return new ImportReport(outcome.Added, outcome.Renamed, outcome.Unchanged, outcome.Version, null);
    }
}
