using KpiMesh.Domain.Rollups;

namespace KpiMesh.Abstractions;

/// <summary>The wire form of one <see cref="RollupCell"/> of a <see cref="Contribution"/>.</summary>
[GenerateSerializer, Immutable, Alias("kpimesh.SeriesCell")]
public sealed record SeriesCell(
    [property: Id(0)] string Indicator,
    [property: Id(1)] string? Option,
    [property: Id(2)] long Numerator,
    [property: Id(3)] long Denominator,
    [property: Id(4)] int Reported,
    [property: Id(5)] long Previous = 0)
{
    public static SeriesCell[] FromContribution(Contribution contribution) =>
        contribution.Cells.Select(c => new SeriesCell(c.Key.Indicator, c.Key.Option, c.Value.Numerator, c.Value.Denominator, c.Value.Reported, c.Value.Previous))
            .ToArray();

    public static Contribution ToContribution(IEnumerable<SeriesCell> cells) =>
        new(cells.ToDictionary(c => new RollupKey(c.Indicator, c.Option), c => new RollupCell(c.Numerator, c.Denominator, c.Reported, c.Previous)));
}
