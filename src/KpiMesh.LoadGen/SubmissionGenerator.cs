using System.Text;
using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.LoadGen;

/// <summary>
/// Month-end uploads as a county sends them: every one of its villages (rooms built), every town (patients managed
/// and treated, warning cases) and the county's own awareness survey, for a month of 2021. Batches are consecutive
/// slices of these uploads, county after county, so one pass (<see cref="PassSize"/> values) reports every village,
/// town and county of the hierarchy once. The indicator the freshness probe uses (<see cref="FreshnessProbe.Indicator"/>)
/// is never generated, so only the probe moves it.
/// </summary>
public sealed class SubmissionGenerator
{
    private readonly UnitSample _sample;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private readonly IEnumerator<Item> _uploads;

    public SubmissionGenerator(UnitSample sample, int seed)
    {
        _sample = sample;
        _random = new Random(seed);
        _uploads = Uploads().GetEnumerator();
        PassSize = sample.Counties.Sum(c =>
            sample.Directory.Descendants(c.Code, UnitLevel.Village).Count() + 4 * sample.Directory.Descendants(c.Code, UnitLevel.Town).Count() + 1);
    }

    public sealed record Item(string Unit, string Indicator, string? Option, long Numerator, long? Denominator, string Period);

    /// <summary>Values in one upload of every county: after this many, every village, town and county has reported.</summary>
    public int PassSize { get; }

    public IReadOnlyList<Item> NextBatch(int size)
    {
        lock (_lock)
        {
            var items = new List<Item>(size);
            while (items.Count < size && _uploads.MoveNext()) items.Add(_uploads.Current);
            return items;
        }
    }

    private IEnumerable<Item> Uploads()
    {
        while (true)
            foreach (var county in _sample.Counties)
            {
                var period = $"2021-{_random.Next(1, 13):00}";
                foreach (var village in _sample.Directory.Descendants(county.Code, UnitLevel.Village))
                    yield return new(village.Code, "village_room_rate", null, _random.Next(2), null, period);
                foreach (var town in _sample.Directory.Descendants(county.Code, UnitLevel.Town))
                {
                    var registered = _random.Next(20, 400);
                    yield return new(town.Code, "patient_management_rate", null, _random.Next(registered / 2, registered + 1), registered, period);
                    yield return new(town.Code, "patient_treatment_rate", null, _random.Next(registered / 2, registered + 1), registered, period);
                    yield return new(town.Code, "warning_cases", "red", _random.Next(0, 6), null, period);
                    yield return new(town.Code, "warning_cases", "yellow", _random.Next(0, 20), null, period);
                }
                var surveyed = _random.Next(500, 5000);
                yield return new(county.Code, "awareness_rate", "urban", _random.Next(surveyed / 2, surveyed), surveyed, period);
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
