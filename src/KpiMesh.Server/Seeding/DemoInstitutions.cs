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
    public static string ToCsv(IEnumerable<UnitRecord> administrativeUnits, Random random)
    {
        var csv = new StringBuilder(HierarchyCsv.Header).Append('\n');
        foreach (var unit in administrativeUnits.OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            switch (unit.Level)
            {
                case UnitLevel.City:
                    for (var i = 1; i <= random.Next(1, 4); i++) Add(csv, unit, "UN", i, $"{unit.Name}第{i}学院", UnitLevel.University);
                    break;
                case UnitLevel.County:
                    Add(csv, unit, "GH", 1, $"{unit.Name}人民医院", UnitLevel.GeneralHospital);
                    Add(csv, unit, "GH", 2, $"{unit.Name}中医院", UnitLevel.GeneralHospital);
                    if (random.NextDouble() < 0.4) Add(csv, unit, "PH", 1, $"{unit.Name}精神卫生中心", UnitLevel.PsychiatricHospital);
                    for (var i = 1; i <= 2; i++) Add(csv, unit, "AG", i, $"{unit.Name}机关{i}", UnitLevel.Agency);
                    for (var i = 1; i <= random.Next(1, 4); i++) Add(csv, unit, "EN", i, $"{unit.Name}企业{i}", UnitLevel.Enterprise);
                    break;
                case UnitLevel.Town:
                    Add(csv, unit, "PC", 1, $"{unit.Name}卫生院", UnitLevel.PrimaryCare);
                    Add(csv, unit, "SC", 1, $"{unit.Name}中心小学", UnitLevel.School);
                    if (random.NextDouble() < 0.5) Add(csv, unit, "SC", 2, $"{unit.Name}中学", UnitLevel.School);
                    break;
            }
        }
        return csv.ToString();
    }

    private static void Add(StringBuilder csv, UnitRecord parent, string kind, int n, string name, UnitLevel level) =>
        csv.Append(parent.Code).Append('-').Append(kind).Append(n).Append(',').Append(name).Append(',')
            .Append(level.ToWireName()).Append(',').Append(parent.Code).Append('\n');
}
