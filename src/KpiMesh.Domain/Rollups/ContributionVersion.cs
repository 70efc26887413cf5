namespace KpiMesh.Domain.Rollups;

/// <summary>
/// Versions a unit stamps on what it sends its parent. They must grow even if a unit loses its state and starts
/// again from zero, so a version is the later of "one more than the last" and the current time in ticks.
/// </summary>
public static class ContributionVersion
{
    public static long Next(long last, DateTimeOffset now) => Math.Max(last + 1, now.UtcTicks);
}
