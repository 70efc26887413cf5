using KpiMesh.Abstractions;

namespace KpiMesh.Cluster.Tests;

/// <summary>
/// A reproducible stream of submissions over a loaded subtree, with the awkward cases mixed in: exact re-sends of an
/// earlier id, values for older periods arriving after newer ones, and plain re-submissions that must replace.
/// Each carries its place in the stream as its log sequence number, as the submission log would assign it.
/// </summary>
internal static class RandomSubmissions
{
    private static readonly string[] Periods = ["2021-06", "2021Q3", "2021-10", "2021Q4", "2021-12", "2021", "2022-01"];

    public static List<(string Unit, SubmissionItem Item)> Generate(HierarchyRowData[] rows, int count, int seed)
    {
        var random = new Random(seed);
        var villages = rows.Where(r => r.Level == "village").Select(r => r.Code).ToArray();
        var towns = rows.Where(r => r.Level == "town").Select(r => r.Code).ToArray();
        var counties = rows.Where(r => r.Level == "county").Select(r => r.Code).ToArray();
        var result = new List<(string, SubmissionItem)>(count);
        for (var i = 0; i < count; i++)
        {
            if (result.Count > 10 && random.NextDouble() < 0.1)
            {
                result.Add(result[random.Next(result.Count)]); // a retry of an earlier submission, same id and body
                continue;
            }
            var period = Periods[random.Next(Periods.Length)];
            var id = random.NextDouble() < 0.7 ? $"sub-{seed}-{i}" : null;
            var pick = random.NextDouble();
            if (pick < 0.6)
                result.Add((villages[random.Next(villages.Length)], new SubmissionItem("village_room_rate", null, random.Next(2), 1, period, id, i + 1)));
            else if (pick < 0.75)
                result.Add((towns[random.Next(towns.Length)], new SubmissionItem("town_station_rate", null, random.Next(2), 1, period, id, i + 1)));
            else if (pick < 0.9)
            {
                var denominator = random.Next(1, 500);
                result.Add((towns[random.Next(towns.Length)], new SubmissionItem("patient_management_rate", null, random.Next(denominator + 1), denominator, period, id, i + 1)));
            }
            else
            {
                var denominator = random.Next(1, 800);
                var option = random.NextDouble() < 0.5 ? "urban" : "rural";
                result.Add((counties[random.Next(counties.Length)], new SubmissionItem("awareness_rate", option, random.Next(denominator + 1), denominator, period, id, i + 1)));
            }
        }
        return result;
    }
}
