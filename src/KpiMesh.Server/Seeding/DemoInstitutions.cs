using System.Globalization;
using System.Text;
using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Server.Seeding;

/// <summary>
/// Institutions are not in the national division data, so the demo attaches plausible ones: schools and a health
/// centre per town, hospitals, agencies and enterprises per county, universities per city. Codes are the parent's
/// code plus a suffix, so they are stable from one start to the next.
/// </summary>
internal static class DemoInstitutions
{
    /// <summary>
    /// One kind of institution: the level it hangs under, its code's suffix and first number, its level and name
    /// (<c>{0}</c> the parent's name, <c>{1}</c> its number), and whether the i-th of them (0, 1, … until no) exists.
    /// </summary>
    private sealed record Kind(UnitLevel Under, string Suffix, int First, UnitLevel Level, string Name, Func<Random, int, bool> Exists);

    private static readonly Func<Random, int, bool> One = (_, i) => i == 0;
    private static readonly Func<Random, int, bool> OneToThree = (random, i) => i < random.Next(1, 4);

    private static Func<Random, int, bool> OneWithOdds(double odds) => (random, i) => i == 0 && random.NextDouble() < odds;

    private static readonly Kind[] Kinds =
    [
        new(UnitLevel.City, "UN", 1, UnitLevel.University, "{0}第{1}学院", OneToThree),
        new(UnitLevel.County, "GH", 1, UnitLevel.GeneralHospital, "{0}人民医院", One),
        new(UnitLevel.County, "GH", 2, UnitLevel.GeneralHospital, "{0}中医院", One),
        new(UnitLevel.County, "PH", 1, UnitLevel.PsychiatricHospital, "{0}精神卫生中心", OneWithOdds(0.4)),
        new(UnitLevel.County, "AG", 1, UnitLevel.Agency, "{0}机关{1}", (_, i) => i < 2),
        new(UnitLevel.County, "EN", 1, UnitLevel.Enterprise, "{0}企业{1}", OneToThree),
        new(UnitLevel.Town, "PC", 1, UnitLevel.PrimaryCare, "{0}卫生院", One),
        new(UnitLevel.Town, "SC", 1, UnitLevel.School, "{0}中心小学", One),
        new(UnitLevel.Town, "SC", 2, UnitLevel.School, "{0}中学", OneWithOdds(0.5)),
    ];

    public static string ToCsv(IEnumerable<UnitRecord> administrativeUnits, Random random)
    {
        var csv = new StringBuilder(HierarchyCsv.Header).Append('\n');
        foreach (var unit in administrativeUnits.OrderBy(u => u.Code, StringComparer.Ordinal))
            foreach (var kind in Kinds.Where(k => k.Under == unit.Level))
                for (var i = 0; kind.Exists(random, i); i++)
                {
                    var n = kind.First + i;
                    csv.Append(unit.Code).Append('-').Append(kind.Suffix).Append(n).Append(',')
                        .Append(string.Format(CultureInfo.InvariantCulture, kind.Name, unit.Name, n)).Append(',')
                        .Append(kind.Level.ToWireName()).Append(',').Append(unit.Code).Append('\n');
                }
        return csv.ToString();
    }
}
