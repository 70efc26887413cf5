using KpiMesh.Domain.Access;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Submissions;
using KpiMesh.Grains;
using KpiMesh.Server.Services;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Seeding;

/// <summary>
/// After the demo is loaded, keeps it moving: a few villages and towns report every second, so the console has
/// something live to show. Only with the demo; <c>KPIMESH_DEMO_FEED=off</c> (or <c>Demo:Feed=off</c>) stops it,
/// and the values already loaded stay.
/// </summary>
internal sealed class DemoFeed(
    IOptions<StartupLoadOptions> options, StartupStatus startup, SiloUnitDirectory directory, SubmissionIngestor ingestor,
    TimeProvider clock, ILogger<DemoFeed> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private const int ValuesPerTick = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (await startup.Completion.WaitAsync(stoppingToken) is not null || !startup.DemoLoaded || !options.Value.Demo.FeedsLive) return;

        var villages = directory.Read(d => d.Units.Where(u => u.Level == UnitLevel.Village).Select(u => u.Code).ToArray());
        if (villages.Length == 0) return;
        logger.LogInformation("Demo feed: {Count} village values a second (KPIMESH_DEMO_FEED=off stops it)", ValuesPerTick);
        var random = new Random(options.Value.Demo.Seed + 1);
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow();
            var period = $"{now.Year:D4}-{now.Month:D2}";
            var batch = Enumerable.Range(0, ValuesPerTick)
                .Select(_ => new SubmissionInput(villages[random.Next(villages.Length)], "village_room_rate", null, random.NextDouble() < 0.8 ? 1 : 0, null, period, null))
                .ToList();
            try { await ingestor.IngestAsync(batch, [], new Principal("demo-feed", Role.Admin, null), stoppingToken); }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested) { logger.LogWarning("Demo feed: {Error}", error.Message); }
        }
    }
}
