using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Scorecards;

/// <summary>
/// 常州市教育系统工会教职工"健康驿站"建设标准及验收评分细则 (2024版, seed 003). Sections one to five are worth
/// 20/20/20/15/25 points; every item has a self-assessed and an acceptance score. The acceptance total of sections
/// one to five must reach 95 to pass; a confidentiality breach (泄密事件) fails the station whatever the score, and
/// item 2.4 ("无个人隐私和工作资料泄密情况") cannot keep its points when there was one. Section six (成效) is a bonus
/// outside the total: 1 + 1 points, and 1, 2 or 3 for a story worth telling at district, city or province level.
/// </summary>
public sealed class ChangzhouHealthStation : IScorecardRubric
{
    /// <summary>Points are given in halves at finest.</summary>
    private const decimal Step = 0.5m;

    public static ChangzhouHealthStation Instance { get; } = new();

    public string Id => "changzhou_health_station";
    public string Title => "常州市教职工\"健康驿站\" Changzhou staff health station acceptance";
    public string Source => "seed 003 (annex 3)";

    /// <summary>"总体要求第一至第五项合计得95分以上，通过验收。" (seed 003, 说明).</summary>
    public decimal PassMark => 95;

    /// <summary>The staff stations of the education system: schools (学校党政专题研究建站工作, item 1.3) and universities.</summary>
    public IReadOnlySet<UnitLevel> EligibleLevels { get; } = new HashSet<UnitLevel> { UnitLevel.School, UnitLevel.University };

    public string EligibilitySource => "seed 003 标题：\"常州市教育系统工会教职工'健康驿站'建设标准及验收评分细则\"；1.3：\"学校党政专题研究建站工作\"";

    /// <summary>The rubric is the city education union's, and its 验收得分 column is the city's acceptance team's.</summary>
    public UnitLevel AssessingLevel => UnitLevel.City;

    public string AssessingSource => "seed 003：常州市教育系统工会 sets the rubric; 验收得分 is the acceptance team's column beside 自评得分";

    /// <summary>The item a breach takes the points of: "有严格的保密制度，无个人隐私和工作资料泄密情况。（3分）".</summary>
    public const string ConfidentialityItem = "2.4";

    /// <summary>"值得宣传的故事或值得推广的做法按区、市、省级以上分别给予1-3分" (seed 003, 六).</summary>
    public const string HonoursItem = "6.3";

    public IReadOnlyList<ScorecardSection> Sections { get; } =
    [
        new(1, "组织建设（有组织） Organisation", 20),
        new(2, "机制建设（有制度） Rules and mechanisms", 20),
        new(3, "阵地建设（有阵地） Premises", 20),
        new(4, "队伍建设（有队伍） Team", 15),
        new(5, "服务建设（有服务） Services", 25),
        new(6, "建设成效（有成果） Results (bonus, not in the total)", 5, CountsTowardsTotal: false),
    ];

    public IReadOnlyList<ScorecardItem> Items { get; } =
    [
        new("1.1", 1, "有建家工作方案，\"健康驿站\"建设为建家方案的重要内容", 5),
        new("1.2", 1, "主动争取党政支持，有建站工作汇报材料", 2),
        new("1.3", 1, "学校党政专题研究建站工作，有会议记录", 5),
        new("1.4", 1, "有建站工作领导小组，分管领导亲自参与，有专人负责", 3),
        new("1.5", 1, "有建站工作方案，内部相关部门共同参与、分工负责", 4),
        new("1.6", 1, "联合社会力量，共同做好教职工身心健康服务工作", 1),
        new("2.1", 2, "有符合本单位实际的\"健康驿站\"工作制度", 5),
        new("2.2", 2, "有本单位健康驿站服务章程", 2),
        new("2.3", 2, "危机防御和干预工作机制健全，有应急预案", 3),
        new("2.4", 2, "有严格的保密制度，无个人隐私和工作资料泄密情况", 3),
        new("2.5", 2, "有教职工身心理健康指导教育咨询工作计划方案", 1),
        new("2.6", 2, "有与社会服务机构合作制度、方案或协议", 2),
        new("2.7", 2, "有经费预算、使用制度，保障资金投入", 2),
        new("2.8", 2, "有考核、评估和激励制度，表扬宣传先进典型", 2),
        new("3.1", 3, "根据单位实际，不断加强和完善健康服务阵地建设", 3),
        new("3.2", 3, "合理划分功能区（辅导室、个体咨询室、团体辅导室、宣泄室、体能训练室）", 5),
        new("3.3", 3, "相关场所环境舒适、温馨、安全", 2),
        new("3.4", 3, "各功能区所需仪器、设施设备齐全", 3),
        new("3.5", 3, "有办公设备、公布咨询电话、有图书资料", 4),
        new("3.6", 3, "门户网站有健康驿站专栏，定期宣传身心健康知识", 3),
        new("4.1", 4, "有工作队伍：心理咨询专家、工会干部、志愿者", 5),
        new("4.2", 4, "有心理咨询专业队伍：有资质的专兼职人员至少2名", 5),
        new("4.3", 4, "定期组织专兼职人员参加培训、讲座和交流研讨", 5),
        new("5.1", 5, "开展教职工身心健康调研，了解需求", 2),
        new("5.2", 5, "服务渠道多样，服务方式创新，有线上、线下服务", 4),
        new("5.3", 5, "经常开展丰富多彩健康活泼的文化体育娱乐活动", 2),
        new("5.4", 5, "定期组织开展教职工身体健康体检", 2),
        new("5.5", 5, "经常开展身体、心理健康知识讲座，听讲座人员达会员数98%以上", 4),
        // The seed numbers two items "5."; they are 5.5 and 5.6 here, and the seed's 6-8 are 5.7-5.9.
        new("5.6", 5, "针对特殊人群，开展个性化专业化心理干预", 3),
        new("5.7", 5, "关心教职工工作、学习、生活困难，解决实际问题", 3),
        new("5.8", 5, "人文关怀、身心健康服务与思想政治工作、师德建设等相结合", 3),
        new("5.9", 5, "积极与社会心理服务机构合作，提升服务水平和质量", 2),
        new("6.1", 6, "教职工整体身心健康，心态良好", 1),
        new("6.2", 6, "教职工人际关系良好，校园和谐", 1),
        new("6.3", 6, "有值得宣传的故事或值得推广的做法（区、市、省级以上分别1-3分）", 3),
    ];

    public IReadOnlyList<ScoreBucket> Buckets { get; } =
    [
        new("below_80", 0, 80), new("80_89", 80, 90), new("90_94", 90, 95), new("95_100", 95, 101),
    ];

    /// <summary>"发生泄密事件，判定为通不过验收。" (seed 003, 说明).</summary>
    public (ScoreSheet? Sheet, ScoreRefusal? Refusal) Score(ScoreInput input)
    {
        if (ScorecardChecks.UnknownItem(this, input) is { } unknown) return (null, unknown);
        var points = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var item in Items)
        {
            var mark = input.Items.GetValueOrDefault(item.Id);
            if (mark?.Grade is not null) return (null, ScorecardChecks.Invalid($"item {item.Id}: {Id} is scored in points, not graded"));
            if (mark?.Points is not { } given)
            {
                // The bonus section is earned, not owed: an unmarked bonus item is worth nothing, not missing.
                if (Section(item).CountsTowardsTotal) missing.Add(item.Id);
                continue;
            }
            if (CheckPoints(item, given) is { } bad) return (null, ScorecardChecks.Invalid(bad));
            points[item.Id] = given;
        }
        if (missing.Count > 0) return (null, ScorecardChecks.Incomplete(this, missing));
        if (input.ConfidentialityBreach is not { } breach)
            return (null, ScorecardChecks.Invalid("confidentialityBreach (true or false) is required: a breach fails the station whatever the score"));
        if (breach) points[ConfidentialityItem] = 0;
        return (ScorecardChecks.Sheet(this, points, vetoed: breach), null);
    }

    private ScorecardSection Section(ScorecardItem item) => Sections.First(s => s.Number == item.Section);

    private static string? CheckPoints(ScorecardItem item, decimal points) => points switch
    {
        _ when item.Id == HonoursItem && points is not (1 or 2 or 3) =>
            $"item {item.Id}: 1, 2 or 3 points for honours at district, city or province level (leave it out when there are none)",
        < 0 => $"item {item.Id}: points must not be negative",
        _ when points > item.Points => $"item {item.Id}: {points} is more than the item's {item.Points} points",
        _ when points % Step != 0 => $"item {item.Id}: points are given in steps of {Step}",
        _ => null,
    };
}
