using KpiMesh.Domain.Rollups;

namespace KpiMesh.Abstractions;

/// <summary>The wire form of one <see cref="RollupCell"/> of a <see cref="Contribution"/>.</summary>
[GenerateSerializer, Immutable, Alias("kpimesh.SeriesCell")]
public sealed record SeriesCell(
    string Indicator, string? Option, long Numerator, long Denominator, int Reported, long Previous = 0)
{
    public static SeriesCell[] FromContribution(Contribution contribution) => From(contribution.Cells);

    public static SeriesCell[] From(IReadOnlyDictionary<RollupKey, RollupCell> contribution)
    {
        var cells = new SeriesCell[contribution.Count];
        var i = 0;
        foreach (var (key, cell) in contribution)
            cells[i++] = new SeriesCell(key.Indicator, key.Option, cell.Numerator, cell.Denominator, cell.Reported, cell.Previous);
        return cells;
    }

    public static Contribution ToContribution(IReadOnlyCollection<SeriesCell> cells)
    {
        var map = new Dictionary<RollupKey, RollupCell>(cells.Count);
        foreach (var c in cells) map[new RollupKey(c.Indicator, c.Option)] = new RollupCell(c.Numerator, c.Denominator, c.Reported, c.Previous);
        return Contribution.Adopt(map);
    }
}
