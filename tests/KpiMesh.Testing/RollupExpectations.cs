using KpiMesh.Domain.Programmes;

namespace KpiMesh.Testing;

/// <summary>One row of a unit's report as observed (through a grain or over HTTP).</summary>
public sealed record ObservedRow(string Indicator, string? Option, long Numerator, long Denominator, int ExpectedUnits, int ReportedUnits);

/// <summary>Compares what the system reports for a unit with what the independent model says it must be.</summary>
public static class RollupExpectations
{
    /// <param name="villagesUnder">The villages in the unit's subtree, counted by the test from the hierarchy file.</param>
    public static IEnumerable<string> Differences(string code, IEnumerable<ObservedRow> rows, SubmissionModel model, int villagesUnder)
    {
        var expected = model.Expected(code);
        foreach (var row in rows)
        {
            var (n, d, r) = expected.GetValueOrDefault((row.Indicator, row.Option));
            var definition = Programme.Default.Catalog.Find(row.Indicator)!;
            // Coverage denominators come from the hierarchy; the model checks the village one by its own count.
            if (definition.IsCoverage) d = definition.Id == "village_room_rate" ? villagesUnder : row.ExpectedUnits;
            if (row.Numerator != n || row.Denominator != d || row.ReportedUnits != r)
                yield return $"{code} {row.Indicator}/{row.Option}: got {row.Numerator}/{row.Denominator} r{row.ReportedUnits}, want {n}/{d} r{r}";
            if (definition.Id == "village_room_rate" && row.ExpectedUnits != villagesUnder)
                yield return $"{code} expected villages: got {row.ExpectedUnits}, want {villagesUnder}";
        }
    }
}
