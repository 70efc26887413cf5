using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Server.Seeding;

/// <summary>
/// Plausible demo submissions: each county gets its own pace, so rankings and laggards show something, and about
/// one unit in ten has not reported, so completeness is below 100%.
/// </summary>
internal static class DemoValues
{
    public static List<SubmissionInput> Generate(UnitDirectory directory, Random random, string period)
    {
        var paceByCounty = new Dictionary<string, double>(StringComparer.Ordinal);
        double Pace(UnitRecord unit)
        {
            var county = unit.Level == UnitLevel.County ? unit : directory.Ancestors(unit.Code).FirstOrDefault(a => a.Level == UnitLevel.County);
            if (county is null) return 0.8;
            if (!paceByCounty.TryGetValue(county.Code, out var pace)) paceByCounty[county.Code] = pace = 0.45 + random.NextDouble() * 0.5;
            return pace;
        }

        var values = new List<SubmissionInput>();
        void YesNo(UnitRecord unit, string indicator, double p) =>
            values.Add(new(unit.Code, indicator, null, random.NextDouble() < p ? 1 : 0, null, period, null));
        void Ratio(UnitRecord unit, string indicator, string? option, int lo, int hi, double rate)
        {
            var denominator = random.Next(lo, hi);
            var numerator = Math.Clamp((int)Math.Round(denominator * (rate + (random.NextDouble() - 0.5) * 0.1)), 0, denominator);
            values.Add(new(unit.Code, indicator, option, numerator, denominator, period, null));
        }

        foreach (var unit in directory.Units.OrderBy(u => u.Code, StringComparer.Ordinal).ToList())
        {
            if (random.NextDouble() < 0.1) continue; // has not reported yet
            var pace = Pace(unit);
            switch (unit.Level)
            {
                case UnitLevel.Village: YesNo(unit, "village_room_rate", pace); break;
                case UnitLevel.Town:
                    YesNo(unit, "town_station_rate", Math.Min(1, pace + 0.15));
                    Ratio(unit, "special_pop_counselling_rate", null, 20, 200, 0.55 + pace * 0.2);
                    Ratio(unit, "patient_management_rate", null, 50, 400, 0.75 + pace * 0.15);
                    Ratio(unit, "patient_treatment_rate", null, 50, 400, 0.7 + pace * 0.15);
                    Ratio(unit, "schizophrenia_treatment_rate", null, 20, 200, 0.7 + pace * 0.15);
                    Ratio(unit, "rehab_participation_rate", null, 30, 300, 0.45 + pace * 0.2);
                    break;
                case UnitLevel.County:
                    YesNo(unit, "county_center_rate", Math.Min(1, pace + 0.3));
                    foreach (var (option, rate) in new[] { ("cadres", 0.8), ("students", 0.75), ("urban", 0.6), ("rural", 0.45) })
                        Ratio(unit, "awareness_rate", option, 200, 600, rate * (0.8 + pace * 0.3));
                    Ratio(unit, "literacy_rate", null, 500, 1500, 0.12 + pace * 0.12);
                    break;
                case UnitLevel.School: YesNo(unit, "school_room_rate", Math.Min(1, pace + 0.1)); break;
                case UnitLevel.University:
                    YesNo(unit, "university_center_rate", 0.95);
                    var students = random.Next(6_000, 30_000);
                    values.Add(new(unit.Code, "university_teacher_ratio", null, students / random.Next(3_000, 5_500), students, period, null));
                    break;
                case UnitLevel.Enterprise or UnitLevel.Agency: YesNo(unit, "workplace_room_rate", pace * 0.9); break;
                case UnitLevel.PsychiatricHospital: YesNo(unit, "psych_hospital_clinic_rate", 0.9); break;
                case UnitLevel.GeneralHospital: YesNo(unit, "general_hospital_clinic_rate", pace * 0.7); break;
                case UnitLevel.PrimaryCare: Ratio(unit, "family_counselling_rate", null, 30, 300, 0.4 + pace * 0.2); break;
            }
        }
        return values;
    }
}
