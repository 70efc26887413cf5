using System.IO.Compression;
using KpiMesh.Grains.Log;
using KpiMesh.Server.Services;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Seeding;

/// <summary>
/// The start-up task: imports the file named by <c>--import</c>, or else the demo. Runs after the silo has started
/// (it is registered after Orleans), while the API already answers.
/// </summary>
internal sealed class StartupLoader(
    IOptions<StartupLoadOptions> options, HierarchyImporter importer, DemoSeeder demo, StartupStatus status, ISubmissionLog log,
    IHostApplicationLifetime lifetime, ILogger<StartupLoader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (options.Value.Import is { Length: > 0 } file)
            {
                var report = await ImportFileAsync(importer, file, stoppingToken);
                if (report.Error is { } error)
                {
                    logger.LogCritical("Import of {File} refused, nothing loaded: {Error}", file, error);
                    status.Fail($"{file}: {error}");
                    lifetime.StopApplication();
                    return;
                }
            }
            else if (options.Value.Demo.Enabled ?? !log.IsDurable)
            {
                await demo.SeedAsync(stoppingToken);
                status.LoadedDemo();
            }
            status.Succeeded();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            status.Stopped();
        }
        catch (Exception error)
        {
            logger.LogError(error, "Start-up loading failed");
            status.Fail(error.Message);
        }
    }

    public static async Task<ImportReport> ImportFileAsync(HierarchyImporter importer, string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        Stream source = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new StreamReader(source);
        return await importer.ImportAsync(reader, Path.GetFileName(path), cancellationToken);
    }
}
