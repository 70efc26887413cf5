using KpiMesh.Domain.Indicators;

namespace KpiMesh.Domain.Targets;

/// <summary>
/// The province-wide default targets KpiMesh ships: the figures of the seeds' work programme template (seed 004, with
/// seed 002 where it is the only source). Every milestone is at the end of a year; the baseline is the programme's
/// start, 2019-01-01, at 0. Self-chosen stricter targets of a city or county for its own subtree come on top.
/// </summary>
public static class DefaultTargets
{
    public static readonly DateOnly ProgrammeStart = new(2019, 1, 1);
    private static readonly DateOnly End2020 = new(2020, 12, 31);
    private static readonly DateOnly End2021 = new(2021, 12, 31);

    public static IReadOnlyList<TargetSchedule> All { get; } =
    [
        Two("village_room_rate", 0.50, 0.80, "seed 004: 2020年底之前建成率达到50%以上，2021年底之前达到80%"),
        One("town_station_rate", 1.00, "seed 004: 2021年底三级建成率均达到100%"),
        One("county_center_rate", 1.00, "seed 004: 2021年底三级建成率均达到100%"),
        Two("school_room_rate", 0.70, 0.90, "seed 004: 2020年底之前配备率达到70%以上，2021年底之前达到90%以上"),
        One("university_center_rate", 1.00, "seed 004: 高校心理健康教育与咨询中心全覆盖"),
        One("university_teacher_ratio", 1.0 / 4000, "seed 004: 专职心理教师按师生比不低于1:4000"),
        Two("workplace_room_rate", 0.50, 0.80, "seed 004: 2020年底之前配备率达到50%以上，2021年底之前达到80%以上"),
        One("psych_hospital_clinic_rate", 1.00, "seed 004: 精神专科医院心理门诊100%全覆盖"),
        Two("general_hospital_clinic_rate", 0.20, 0.40, "seed 004: 2020年底之前开设率达到20%以上，2021年底之前达到40%以上"),
        One("awareness_rate", 0.60, "seed 004: 到2021年普通人群心理健康核心知识知晓率至少达到60%"),
        One("awareness_rate", 0.85, "DOMAIN.md template: cadres 85%", "cadres"),
        One("awareness_rate", 0.85, "DOMAIN.md template: students 85%", "students"),
        One("awareness_rate", 0.70, "DOMAIN.md template: urban 70%", "urban"),
        One("awareness_rate", 0.50, "DOMAIN.md template: rural 50%", "rural"),
        One("literacy_rate", 0.20, "seed 004: 到2021年居民心理健康素养水平至少提升到20%"),
        One("special_pop_counselling_rate", 0.60, "seed 004: 到2021年特殊人群个性化心理疏导覆盖率达到60%"),
        One("patient_management_rate", 0.80, "seed 004: 严重精神障碍患者规范管理率达到80%以上"),
        One("patient_treatment_rate", 0.80, "seed 004: 在册患者治疗率达到80%以上"),
        One("schizophrenia_treatment_rate", 0.80, "seed 004: 精神分裂症治疗率达到80%以上"),
        One("rehab_participation_rate", 0.60, "seed 004: 居家患者社区康复参与率达到60%以上"),
        One("family_counselling_rate", 0.50, "seed 004: 基层医疗机构为居家患者及家属提供心理疏导50%以上"),
    ];

    private static readonly Dictionary<(string, string?), TargetSchedule> ByKey = All.ToDictionary(t => (t.Indicator, t.Option));

    public static TargetSchedule? Find(string indicator, string? option) => ByKey.GetValueOrDefault((indicator, option));

    private static TargetSchedule One(string indicator, double value, string source, string? option = null) =>
        new(indicator, option, ProgrammeStart, 0, [new Milestone(End2021, value)], source);

    private static TargetSchedule Two(string indicator, double first, double second, string source) =>
        new(indicator, null, ProgrammeStart, 0, [new Milestone(End2020, first), new Milestone(End2021, second)], source);
}
