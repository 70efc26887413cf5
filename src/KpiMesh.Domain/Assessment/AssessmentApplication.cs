using KpiMesh.Domain.Scorecards;

namespace KpiMesh.Domain.Assessment;

/// <summary>
/// One unit's application under one rubric for one year. The unit's own marks (<see cref="Self"/>) and the
/// assessor's (<see cref="OnSite"/>) are kept side by side and both are shown; only the assessor's ever decide.
/// </summary>
/// <param name="Materials">The materials the unit lists for review ("工作总结和相关材料"), one title each.</param>
/// <param name="Assessments">How many times an assessor has scored on site: above 1 after rectification.</param>
/// <param name="Reasons">Why the level above returned the materials, or what to rectify; empty otherwise.</param>
/// <param name="RectifyBy">The last day (Beijing time) to rectify, while the stage is rectify.</param>
/// <param name="NamedOn">The day the site was named.</param>
public sealed record AssessmentApplication(
    string Unit,
    string Rubric,
    int Year,
    ApplicationStage Stage,
    ScoreInput Self,
    IReadOnlyList<string> Materials,
    ScoreInput? OnSite,
    string? Assessor,
    int Assessments,
    IReadOnlyList<string> Reasons,
    DateOnly? RectifyBy,
    DateOnly? NamedOn,
    IReadOnlyList<ApplicationStep> Steps)
{
    public static ScoreInput Blank { get; } = new(new Dictionary<string, ItemMark>(), null);
}

/// <summary>One step of the trail: what was done, by whom, when, and the stage it left the application in.</summary>
public sealed record ApplicationStep(string Action, ApplicationStage Stage, string By, DateTimeOffset At, string? Note);
