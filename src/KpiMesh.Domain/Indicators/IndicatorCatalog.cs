using KpiMesh.Domain.Hierarchy;
using static KpiMesh.Domain.Hierarchy.UnitLevel;
using static KpiMesh.Domain.Indicators.IndicatorKind;

namespace KpiMesh.Domain.Indicators;

/// <summary>
/// Every indicator KpiMesh knows, in one place (DOMAIN.md's table, from seeds 002 and 004).
/// Adding an indicator means adding one line here; everything else reads the catalog.
/// </summary>
public sealed class IndicatorCatalog
{
    public static IndicatorCatalog Default { get; } = new(
    [
        Cover("village_room_rate", "村（社区）心理咨询室或社会工作室建成率 Village/community counselling or social-work rooms", [Village], "seed 002/004"),
        Cover("town_station_rate", "乡镇（街道）心理服务站建成率 Town psychological service stations", [Town], "seed 002"),
        Cover("county_center_rate", "区县心理服务中心建成率 County psychological service centres", [County], "seed 002"),
        Cover("school_room_rate", "中小学心理辅导室建成率 Schools with a counselling room and (part-time) teacher", [School], "seed 004"),
        Cover("university_center_rate", "高校心理健康教育与咨询中心 Universities with a counselling centre", [University], "seed 004"),
        Ratio("university_teacher_ratio", "高校专职心理教师配比 Psychology teachers per student", [University], [],
            "psychology teachers", "students", "seed 004"),
        Cover("workplace_room_rate", "机关企事业单位心理辅导室 Agencies and enterprises with a counselling room or purchased service",
            [Enterprise, Agency], "seed 004"),
        Cover("psych_hospital_clinic_rate", "精神专科医院心理门诊 Psychiatric hospitals with a psychotherapy clinic",
            [PsychiatricHospital], "seed 004"),
        Cover("general_hospital_clinic_rate", "二级以上综合医院心理门诊 Secondary+ general hospitals with a psychology clinic",
            [GeneralHospital], "seed 004"),
        Ratio("awareness_rate", "心理健康核心知识知晓率 Core mental-health knowledge awareness", [County],
            ["cadres", "students", "urban", "rural"], "respondents aware", "respondents surveyed", "seed 004"),
        Ratio("literacy_rate", "心理健康素养水平 Mental-health literacy", [County], [],
            "respondents literate", "respondents surveyed", "seed 002"),
        Ratio("special_pop_counselling_rate", "特殊人群个性化心理疏导 Special populations with a personalised counselling plan", [Town], [],
            "people with a plan", "special-population people registered", "seed 002"),
        Ratio("patient_management_rate", "严重精神障碍患者规范管理率 Registered severe-mental-disorder patients under standard management",
            [Town], [], "patients managed", "patients registered", "seed 004"),
        Ratio("patient_treatment_rate", "严重精神障碍患者治疗率 Registered patients in treatment", [Town], [],
            "patients in treatment", "patients registered", "seed 004"),
        Ratio("schizophrenia_treatment_rate", "精神分裂症治疗率 Schizophrenia patients in treatment", [Town], [],
            "patients in treatment", "schizophrenia patients registered", "seed 004"),
        Ratio("rehab_participation_rate", "居家患者社区康复参与率 Home patients in community rehabilitation", [Town], [],
            "patients taking part", "home patients", "seed 004"),
        Ratio("family_counselling_rate", "居家患者及家属心理疏导 Home patients and families given counselling by primary care",
            [PrimaryCare, Town], [], "patients and families counselled", "home patients and families", "seed 004"),
        new IndicatorDefinition("warning_cases", "三色预警 Special-population cases by warning colour: red serious, yellow fairly serious, green general",
            Count, [Town], ["red", "yellow", "green"], "cases", "", "seed 002") { AlertOnRise = ["red"] },
        Standard("county_center_standard_rate", "区县心理服务中心达标率 County centres built to standard (>= 40 m2, 3 rooms, 2 managers, 1 counsellor)", County),
        Standard("town_station_standard_rate", "乡镇（街道）心理服务站达标率 Town stations built to standard (>= 25 m2, 2 rooms, 1 manager, 1 counsellor)", Town),
        Standard("village_room_standard_rate", "村（社区）心理咨询室达标率 Village rooms built to standard (>= 12 m2, one staff member, service rules, one counsellor)", Village),
    ]);

    private readonly Dictionary<string, IndicatorDefinition> _byId;

    public IndicatorCatalog(IReadOnlyList<IndicatorDefinition> indicators)
    {
        All = indicators;
        _byId = indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<IndicatorDefinition> All { get; }

    public IndicatorDefinition? Find(string? id) => id is not null && _byId.TryGetValue(id, out var found) ? found : null;

    private static IndicatorDefinition Cover(string id, string title, UnitLevel[] at, string source) =>
        new(id, title, Coverage, at, [], "units built", "applicable units in the subtree", source);

    private static IndicatorDefinition Standard(string id, string title, UnitLevel at) =>
        new(id, title, Coverage, [at], [], "units built to standard", "applicable units in the subtree", "seed 002 annex 3")
        {
            ComputedFrom = "POST /api/v1/units/{code}/platform",
        };

    private static IndicatorDefinition Ratio(
        string id, string title, UnitLevel[] at, string[] options, string numerator, string denominator, string source) =>
        new(id, title, IndicatorKind.Ratio, at, options, numerator, denominator, source);
}
