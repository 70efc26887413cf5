using KpiMesh.Domain.Rollups;

namespace KpiMesh.Domain.Tests;

/// <summary>
/// Rising red warnings rolled up as a mergeable summary: the count of alerting towns and the largest rises, exact at
/// every level against a direct scan of the towns, whatever the grouping and the order reports arrive in.
/// </summary>
public sealed class AlertRollupTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private static RollupCell Red(long count, long previous) => new(count, 0, 1, previous);

    [Fact]
    public void A_town_alerts_only_when_its_red_count_rose_since_its_previous_period()
    {
        var rose = AlertSummary.ForTown("130102001", Red(5, 2), At);
        Assert.Equal(1, rose.Alerting);
        Assert.Equal(new TownRise("130102001", 5, 2, At), Assert.Single(rose.Top));
        Assert.Equal(3, rose.Top[0].Rise);
        // A first report is its own baseline (previous = count); a fall or a steady count is no alert.
        Assert.Same(AlertSummary.Empty, AlertSummary.ForTown("130102001", Red(5, 5), At));
        Assert.Same(AlertSummary.Empty, AlertSummary.ForTown("130102001", Red(1, 4), At));
        Assert.Same(AlertSummary.Empty, AlertSummary.ForTown("130102001", default, null));
    }

    [Fact]
    public void Merging_in_any_grouping_gives_the_exact_count_and_the_exact_largest_rises_of_a_direct_scan()
    {
        var random = new Random(18);
        // 2,000 towns (several times Kept alert), rises with many ties so the code order matters too.
        var towns = Enumerable.Range(0, 2_000).Select(i => (Code: $"13{i:D7}", Cell: Red(random.Next(0, 12), random.Next(0, 12)))).ToList();
        var scan = towns.Where(t => t.Cell.Rose).Select(t => new TownRise(t.Code, t.Cell.Numerator, t.Cell.Previous, At))
            .OrderByDescending(r => r.Rise).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        Assert.True(scan.Count > 3 * AlertSummary.Kept, $"only {scan.Count} alerting towns");

        // Counties of random sizes, then cities of random numbers of counties, merged in shuffled order.
        var own = towns.Select(t => AlertSummary.ForTown(t.Code, t.Cell, At)).OrderBy(_ => random.Next()).ToList();
        var counties = Chunks(own, random).Select(AlertSummary.Merge).ToList();
        var cities = Chunks(counties, random).Select(AlertSummary.Merge).OrderBy(_ => random.Next()).ToList();
        var province = AlertSummary.Merge(cities);

        Assert.Equal(scan.Count, province.Alerting);
        Assert.Equal(scan.Take(AlertSummary.Kept), province.Top);
        Assert.Equal(province, AlertSummary.Merge(own)); // one level or three: the same summary
        Assert.All(counties.Concat(cities), s => Assert.True(s.Top.Count <= AlertSummary.Kept));
    }

    private static IEnumerable<List<T>> Chunks<T>(List<T> items, Random random)
    {
        for (var i = 0; i < items.Count;)
        {
            var size = random.Next(1, 60);
            yield return items.Skip(i).Take(size).ToList();
            i += size;
        }
    }

    [Fact]
    public void A_parent_takes_each_childs_whole_summary_once_by_version_so_retries_and_reordering_change_nothing()
    {
        var county = new AlertRollup();
        var rising = AlertSummary.ForTown("130102001", Red(5, 2), At);
        var fallen = AlertSummary.Empty;

        Assert.True(county.ReplaceChild("130102001", 2, rising));
        Assert.False(county.ReplaceChild("130102001", 2, rising)); // the same report again
        Assert.False(county.ReplaceChild("130102001", 1, fallen)); // an older one arriving late
        Assert.Equal(1, county.Total.Alerting);

        Assert.True(county.ReplaceChild("130102002", 1, AlertSummary.ForTown("130102002", Red(9, 1), At)));
        Assert.Equal(["130102002", "130102001"], county.Total.Top.Select(r => r.Code));
        Assert.Equal(2, county.Total.Alerting);

        // The fall arrives with a newer version: the town leaves the summary, it is never subtracted twice.
        Assert.True(county.ReplaceChild("130102001", 3, fallen));
        Assert.False(county.ReplaceChild("130102001", 3, fallen));
        Assert.Equal(1, county.Total.Alerting);
        Assert.Equal("130102002", Assert.Single(county.Total.Top).Code);
        // A newer report that changes nothing is taken (its version) but reports no change upwards.
        Assert.False(county.ReplaceChild("130102001", 4, AlertSummary.Empty));
        Assert.False(county.ReplaceChild("130102001", 3, rising));
        Assert.Equal(1, county.Total.Alerting);
    }

    [Fact]
    public void A_towns_own_alert_is_replaced_not_added()
    {
        var town = new AlertRollup();
        Assert.True(town.SetOwn(AlertSummary.ForTown("130102001", Red(3, 1), At)));
        Assert.False(town.SetOwn(AlertSummary.ForTown("130102001", Red(3, 1), At)));
        Assert.True(town.SetOwn(AlertSummary.ForTown("130102001", Red(6, 1), At)));
        Assert.Equal(5, Assert.Single(town.Total.Top).Rise);
        Assert.Equal(1, town.Total.Alerting);
        Assert.True(town.SetOwn(AlertSummary.Empty));
        Assert.Same(AlertSummary.Empty, town.Total);
    }

    [Fact]
    public void A_rise_and_a_fall_that_cancel_in_the_sum_still_change_the_summary()
    {
        var county = new AlertRollup();
        county.ReplaceChild("130102001", 1, AlertSummary.ForTown("130102001", Red(4, 2), At));
        var before = county.Total;
        // Town 1 falls back to 2, town 2 rises from 2 to 4: the county's red sum and previous sum are as they were.
        Assert.True(county.ReplaceChild("130102001", 2, AlertSummary.Empty));
        Assert.True(county.ReplaceChild("130102002", 1, AlertSummary.ForTown("130102002", Red(4, 2), At)));
        Assert.NotEqual(before, county.Total);
        Assert.Equal("130102002", Assert.Single(county.Total.Top).Code);
    }
}
