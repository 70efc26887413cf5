using System.Text;
using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.LoadGen;

/// <summary>
/// Month-end uploads as a county sends them: each batch is one county's villages (rooms built), towns (patients
/// managed and treated, warning cases) and the county's own awareness survey, for a month of 2021. The indicator the
/// freshness probe uses (<see cref="FreshnessProbe.Indicator"/>) is never generated, so only the probe moves it.
/// </summary>
public sealed class SubmissionGenerator(UnitSample sample, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();
    private int _county;

    public sealed record Item(string Unit, string Indicator, string? Option, long Numerator, long? Denominator, string Period);

    public IReadOnlyList<Item> NextBatch(int size)
    {
        lock (_lock)
        {
            var items = new List<Item>(size);
            while (items.Count < size)
            {
                var county = sample.Counties[_county++ % sample.Counties.Count];
                var period = $"2021-{_random.Next(1, 13):00}";
                foreach (var unit in sample.Directory.Descendants(county.Code, UnitLevel.Village).Take(size - items.Count))
                    items.Add(new(unit.Code, "village_room_rate", null, _random.Next(2), null, period));
                foreach (var town in sample.Directory.Descendants(county.Code, UnitLevel.Town))
                {
                    if (items.Count + 4 > size) break;
                    var registered = _random.Next(20, 400);
                    items.Add(new(town.Code, "patient_management_rate", null, _random.Next(registered / 2, registered + 1), registered, period));
                    items.Add(new(town.Code, "patient_treatment_rate", null, _random.Next(registered / 2, registered + 1), registered, period));
                    items.Add(new(town.Code, "warning_cases", "red", _random.Next(0, 6), null, period));
                    items.Add(new(town.Code, "warning_cases", "yellow", _random.Next(0, 20), null, period));
                }
                if (items.Count + 1 <= size)
                {
                    var surveyed = _random.Next(500, 5000);
                    items.Add(new(county.Code, "awareness_rate", "urban", _random.Next(surveyed / 2, surveyed), surveyed, period));
                }
            }
            return items;
        }
    }

    public static string ToJson(IReadOnlyList<Item> items)
    {
        var json = new StringBuilder("{\"submissions\":[", items.Count * 110);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (i > 0) json.Append(',');
            json.Append("{\"unit\":\"").Append(item.Unit).Append("\",\"indicator\":\"").Append(item.Indicator).Append('"');
            if (item.Option is not null) json.Append(",\"option\":\"").Append(item.Option).Append('"');
            json.Append(",\"numerator\":").Append(item.Numerator);
            if (item.Denominator is { } denominator) json.Append(",\"denominator\":").Append(denominator);
            json.Append(",\"period\":\"").Append(item.Period).Append("\"}");
        }
        return json.Append("]}").ToString();
    }
}
