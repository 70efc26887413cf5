namespace KpiMesh.Domain.Scorecards;

/// <summary>
/// 河北省人文关怀心理疏导示范点建设标准量化评价细则 (seed 000): four areas, 20 items of 4, 5 or 6 points. An item
/// graded A earns its full points, B half; an item that meets neither description earns nothing ("none"). A total
/// of 80 or more qualifies the unit as a demonstration site.
/// </summary>
public sealed class HebeiDemonstrationSite : IScorecardRubric
{
    public static HebeiDemonstrationSite Instance { get; } = new();

    public string Id => "hebei_demo_site";
    public string Title => "河北省人文关怀心理疏导示范点 Hebei demonstration site for humanistic care and psychological counselling";
    public string Source => "seed 000 (assessed per seed 001)";
    public decimal PassMark => 80;

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

    public (ScorecardResult? Result, string? Error) Evaluate(ScorecardInput input)
    {
        if (ScorecardChecks.Common(this, input) is { } error) return (null, error);
        if (input.ConfidentialityBreach is not null) return (null, $"{Id} has no confidentiality veto");
        var points = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var item in Items)
        {
            if (!input.Items.TryGetValue(item.Id, out var score) || score.Grade is null)
                return (null, $"item {item.Id} needs a grade (A, B or none); all {Items.Count} items are graded");
            if (score.Self is not null || score.Acceptance is not null) return (null, $"item {item.Id}: {Id} is graded A/B, not scored in points");
            points[item.Id] = score.Grade switch
            {
                "A" => item.Points,
                "B" => item.Points / 2,
                "none" => 0,
                _ => -1,
            };
            if (points[item.Id] < 0) return (null, $"item {item.Id}: grade must be A (full points), B (half) or none");
        }
        var total = points.Values.Sum();
        return (new ScorecardResult(Id, input.Period!, total, null, 0, ScorecardChecks.BySection(this, i => points[i.Id]),
            total >= PassMark ? ScorecardVerdict.Passed : ScorecardVerdict.Failed, ScorecardChecks.Bucket(this, total)), null);
    }
}
