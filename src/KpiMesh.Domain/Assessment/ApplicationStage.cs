using KpiMesh.Domain.Text;

namespace KpiMesh.Domain.Assessment;

/// <summary>
/// Where an application stands (seed 001 五、实施步骤: 对标创建, 自查申报, 复核命名; seed 002: 限期整改).
/// The wire names are part of the HTTP contract.
/// </summary>
public enum ApplicationStage
{
    /// <summary>The unit scores itself and lists its materials; nothing counts yet.</summary>
    SelfCheck,

    /// <summary>Sent to the level above ("送交…申请复核").</summary>
    Applied,

    /// <summary>The level above is checking the materials ("申报材料初步审核"); it may return them with reasons.</summary>
    UnderReview,

    /// <summary>An assessor has scored the unit on site ("实地考察…量化打分").</summary>
    Assessed,

    /// <summary>"对符合条件的单位予以命名".</summary>
    Named,

    NotNamed,

    /// <summary>Told to rectify by a deadline, then assessed again ("要求限期整改").</summary>
    Rectify,
}

public static class ApplicationStages
{
    public static IReadOnlyList<string> WireNames => WireNames<ApplicationStage>.All;

    public static string ToWireName(this ApplicationStage stage) => WireNames<ApplicationStage>.Of(stage);

    public static bool TryParse(string? wireName, out ApplicationStage stage) => WireNames<ApplicationStage>.TryParse(wireName, out stage);
}
