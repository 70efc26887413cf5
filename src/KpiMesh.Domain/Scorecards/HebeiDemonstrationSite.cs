using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Scorecards;

/// <summary>
/// 河北省人文关怀心理疏导示范点建设标准量化评价细则 (seed 000): four areas, 20 items of 4, 5 or 6 points. Every item
/// is graded A (full points) or B (half): the seed has no third grade, and a site "应具备以下条件" (seed 001), all of
/// them, so an ungraded item makes the card incomplete rather than worth 0. A total of 80 or more qualifies the unit
/// to be named a demonstration site.
/// </summary>
public sealed class HebeiDemonstrationSite : IScorecardRubric
{
    public static HebeiDemonstrationSite Instance { get; } = new();

    public string Id => "hebei_demo_site";
    public string Title => "河北省人文关怀心理疏导示范点 Hebei demonstration site for humanistic care and psychological counselling";
    public string Source => "seed 000 (assessed per seed 001)";

    /// <summary>"20项指标总分大于或等于80分的基层单位，将有资格被命名为河北省人文关怀心理疏导示范点" (seed 000, 评价办法 3).</summary>
    public decimal PassMark => 80;

    /// <summary>
    /// Grassroots units only. Villages and communities share the village level; 学校 covers schools and universities.
    /// Towns, counties and above organise the campaign (对标创建) but are not sites themselves.
    /// </summary>
    public IReadOnlySet<UnitLevel> EligibleLevels { get; } = new HashSet<UnitLevel>
        { UnitLevel.Enterprise, UnitLevel.School, UnitLevel.University, UnitLevel.Village, UnitLevel.Agency };

    public string EligibilitySource => "seed 001 二、创建范围：\"河北省境内所有企业、学校、农村、机关、社区等基层单位。\"";

    /// <summary>The province's 政研会 reviews the materials, scores on site and names the site.</summary>
    public UnitLevel AssessingLevel => UnitLevel.Province;

    public string AssessingSource =>
        "seed 001 （三）复核命名：\"省政研会在对基层单位申报材料初步审核的基础上，组织人员赴申报单位进行实地考察……进行量化打分。对符合条件的单位予以命名\"";

    public IReadOnlyList<ScorecardSection> Sections { get; } =
    [
        new(1, "组织管理工作 Organisation and management", 20),
        new(2, "工作队伍建设 Building the team", 25),
        new(3, "工作保障条件 Resources", 25),
        new(4, "基层服务工作 Grassroots service", 30),
    ];

    public IReadOnlyList<ScorecardItem> Items { get; } =
    [
        new("1.1", 1, "领导重视，对新形势下人文关怀心理疏导工作的重要作用与地位有充分认识", 4),
        new("1.2", 1, "积极探索适应时代要求、符合本地区（组织）实际的工作机制、途径与方式、方法", 4),
        new("1.3", 1, "建立相应的专门机构，并依托整个工作系统形成合力", 4),
        new("1.4", 1, "制定近期和远期工作规划，并纳入本地区（组织）的总体工作规划中", 4),
        new("1.5", 1, "有年度工作计划、总结，并建立内部考核与评估机制", 4),
        new("2.1", 2, "配备符合专业要求的工作人员", 5),
        new("2.2", 2, "建设以心理服务志愿者为主体的稳定的心理疏导工作队伍", 5),
        new("2.3", 2, "建设以思想政治工作干部为骨干的基层工作队伍", 5),
        new("2.4", 2, "建立实施专兼职专业人员学习、培训、督导机制", 5),
        new("2.5", 2, "重视工作队伍专业水平的提高，定期进行业务研讨与交流", 5),
        new("3.1", 3, "有满足工作需要的专项经费，且经费到位", 5),
        new("3.2", 3, "有个体咨询、团体咨询、办公、会议及等候等不同用途的专门工作场地", 5),
        new("3.3", 3, "配备开展专业工作需要的专门仪器、设备、设施和配套软件", 5),
        new("3.4", 3, "有满足工作需要的图书、期刊、音像制品等资料", 5),
        new("3.5", 3, "配备必要的通讯设施、网络设施", 5),
        new("4.1", 4, "开展面对本地区（组织）基层群众的个别专业服务", 6),
        new("4.2", 4, "开展对接不同群体的、富有针对性的分众化服务", 6),
        new("4.3", 4, "运用人文关怀和心理疏导的工作方法，推进本地区（组织）中心工作开展", 6),
        new("4.4", 4, "组织开展多种形式、内容丰富的心理疏导活动", 6),
        new("4.5", 4, "在应对与预防个体心理危机、公共心理卫生事件或群体事件时有效发挥作用", 6),
    ];

    public IReadOnlyList<ScoreBucket> Buckets { get; } =
    [
        new("below_60", 0, 60), new("60_69", 60, 70), new("70_79", 70, 80), new("80_89", 80, 90), new("90_100", 90, 101),
    ];

    /// <summary>"每项指标的评估等级分为A（优秀）和B（合格）两级" and "B（合格）级分值是按同一项指标的A（优秀）级分值减半计算" (seed 000, 评价办法 1-2).</summary>
    public (ScoreSheet? Sheet, ScoreRefusal? Refusal) Score(ScoreInput input)
    {
        if (ScorecardChecks.UnknownItem(this, input) is { } unknown) return (null, unknown);
        if (input.ConfidentialityBreach is not null) return (null, ScorecardChecks.Invalid($"{Id} has no confidentiality veto"));
        var points = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var item in Items)
        {
            if (!input.Items.TryGetValue(item.Id, out var mark) || mark.Grade is null)
            {
                if (mark?.Points is not null) return (null, ScorecardChecks.Invalid($"item {item.Id}: {Id} is graded A or B, not scored in points"));
                missing.Add(item.Id);
                continue;
            }
            if (mark.Points is not null) return (null, ScorecardChecks.Invalid($"item {item.Id}: {Id} is graded A or B, not scored in points"));
            points[item.Id] = mark.Grade switch
            {
                "A" => item.Points,
                "B" => item.Points / 2,
                _ => -1,
            };
            if (points[item.Id] < 0)
                return (null, ScorecardChecks.Invalid($"item {item.Id}: the grade is A (优秀, full points) or B (合格, half); the seed has no other grade"));
        }
        if (missing.Count > 0) return (null, ScorecardChecks.Incomplete(this, missing));
        return (ScorecardChecks.Sheet(this, points, vetoed: false), null);
    }
}
