using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Scorecards;

namespace KpiMesh.Domain.Assessment;

public enum RefusalKind
{
    /// <summary>The application is not at a stage where this step can be taken.</summary>
    WrongStage,

    /// <summary>Items are not marked or no materials are listed: the card is incomplete, never scored as 0.</summary>
    Incomplete,

    /// <summary>A mark, reason or date that is not allowed.</summary>
    Invalid,

    /// <summary>The unit's level may not apply under this rubric.</summary>
    NotEligible,

    /// <summary>The rectification deadline has passed.</summary>
    DeadlinePassed,
}

public sealed record WorkflowRefusal(RefusalKind Kind, string Detail, IReadOnlyList<string> Missing);

/// <summary>The next state of an application, or why the step was refused (nothing changes then).</summary>
public sealed record WorkflowResult(AssessmentApplication? Next, WorkflowRefusal? Refusal)
{
    public static WorkflowResult Refuse(RefusalKind kind, string detail, IReadOnlyList<string>? missing = null) =>
        new(null, new WorkflowRefusal(kind, detail, missing ?? []));
}

/// <summary>What the assessor decides after scoring on site.</summary>
public enum Decision
{
    Named,
    NotNamed,
    Rectify,
}

/// <summary>
/// The steps of seed 001 (自查申报, 复核命名) with seed 002's 限期整改, as pure functions of the application. Who may
/// take each step is <see cref="Access.AssessmentAccess"/>'s question, asked before these run.
/// </summary>
public static class ApplicationWorkflow
{
    public const int MaxMaterials = 50;
    public const int MaxTextLength = 200;
    public const int MaxReasons = 20;

    /// <summary>Days are Beijing days (DOMAIN.md "Targets": days are local).</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);

    /// <summary>Opens an application at self-check, if the unit's level may apply under the rubric.</summary>
    public static WorkflowResult Start(IScorecardRubric rubric, UnitRecord unit, int year, string by, DateTimeOffset at)
    {
        if (!rubric.EligibleLevels.Contains(unit.Level))
            return WorkflowResult.Refuse(RefusalKind.NotEligible,
                $"a {unit.Level.ToWireName()} may not apply under {rubric.Id}: it is for {string.Join(", ", rubric.EligibleLevels.Select(l => l.ToWireName()).Order())} ({rubric.EligibilitySource})");
        if (year is < 2000 or > 2100) return WorkflowResult.Refuse(RefusalKind.Invalid, "year must be between 2000 and 2100");
        return new(new AssessmentApplication(unit.Code, rubric.Id, year, ApplicationStage.SelfCheck, AssessmentApplication.Blank, [], null, null, 0, [],
            null, null, [new ApplicationStep("open", ApplicationStage.SelfCheck, by, at, null)]), null);
    }

    /// <summary>
    /// The unit's own marks and materials. A partial self-check is kept (the unit fills it in over time); only
    /// applying needs it whole. Allowed while self-checking and while rectifying.
    /// </summary>
    public static WorkflowResult SelfCheck(AssessmentApplication app, IScorecardRubric rubric, ScoreInput self, IReadOnlyList<string> materials, string by, DateTimeOffset at)
    {
        if (app.Stage is not (ApplicationStage.SelfCheck or ApplicationStage.Rectify))
            return WrongStage(app, "self-check", ApplicationStage.SelfCheck, ApplicationStage.Rectify);
        if (TextProblem("materials", materials, MaxMaterials) is { } bad) return WorkflowResult.Refuse(RefusalKind.Invalid, bad);
        var (_, refusal) = rubric.Score(self);
        if (refusal is { Incomplete: false }) return WorkflowResult.Refuse(RefusalKind.Invalid, refusal.Detail);
        return new(Step(app with { Self = self, Materials = materials }, "self_check", app.Stage, by, at, null), null);
    }

    /// <summary>"经自查达到建设标准的基层单位，要及时整理汇总申报材料，报送" (seed 001): a whole self-check and its materials.</summary>
    public static WorkflowResult Apply(AssessmentApplication app, IScorecardRubric rubric, string by, DateTimeOffset at)
    {
        if (app.Stage != ApplicationStage.SelfCheck) return WrongStage(app, "apply", ApplicationStage.SelfCheck);
        var (_, refusal) = rubric.Score(app.Self);
        if (refusal is not null) return WorkflowResult.Refuse(refusal.Incomplete ? RefusalKind.Incomplete : RefusalKind.Invalid, refusal.Detail, refusal.Missing);
        if (app.Materials.Count == 0)
            return WorkflowResult.Refuse(RefusalKind.Incomplete, "no materials are listed: the unit sends its work summary and materials (\"如实整理工作总结和相关材料\")", ["materials"]);
        return new(Step(app with { Reasons = [] }, "apply", ApplicationStage.Applied, by, at, null), null);
    }

    /// <summary>The level above starts checking the materials ("申报材料初步审核").</summary>
    public static WorkflowResult StartReview(AssessmentApplication app, string by, DateTimeOffset at) =>
        app.Stage != ApplicationStage.Applied ? WrongStage(app, "start the review", ApplicationStage.Applied)
            : new(Step(app, "review", ApplicationStage.UnderReview, by, at, null), null);

    /// <summary>The level above sends the materials back, with its reasons; the unit self-checks again.</summary>
    public static WorkflowResult Return(AssessmentApplication app, IReadOnlyList<string> reasons, string by, DateTimeOffset at)
    {
        if (app.Stage is not (ApplicationStage.Applied or ApplicationStage.UnderReview))
            return WrongStage(app, "return", ApplicationStage.Applied, ApplicationStage.UnderReview);
        if (ReasonsProblem(reasons) is { } bad) return WorkflowResult.Refuse(RefusalKind.Invalid, bad);
        return new(Step(app with { Reasons = reasons }, "return", ApplicationStage.SelfCheck, by, at, string.Join("; ", reasons)), null);
    }

    /// <summary>
    /// On-site scores ("实地考察…量化打分"): every item marked, by the rubric's rules. After the materials are reviewed,
    /// or, after a rectification order, again by its deadline (re-assessment).
    /// </summary>
    public static WorkflowResult Assess(AssessmentApplication app, IScorecardRubric rubric, ScoreInput onSite, string by, DateTimeOffset at)
    {
        if (app.Stage is not (ApplicationStage.UnderReview or ApplicationStage.Rectify))
            return WrongStage(app, "enter on-site scores", ApplicationStage.UnderReview, ApplicationStage.Rectify);
        if (app.Stage == ApplicationStage.Rectify && app.RectifyBy is { } due && Today(at) > due)
            return WorkflowResult.Refuse(RefusalKind.DeadlinePassed, $"the deadline to rectify was {due:yyyy-MM-dd}; the application can now only be decided not_named");
        var (_, refusal) = rubric.Score(onSite);
        if (refusal is not null) return WorkflowResult.Refuse(refusal.Incomplete ? RefusalKind.Incomplete : RefusalKind.Invalid, refusal.Detail, refusal.Missing);
        var again = app.Assessments > 0;
        return new(Step(app with { OnSite = onSite, Assessor = by, Assessments = app.Assessments + 1 }, again ? "reassess" : "assess",
            ApplicationStage.Assessed, by, at, null), null);
    }

    /// <summary>
    /// The assessor's decision. Named only when the on-site card qualifies ("对符合条件的单位予以命名"); rectify needs a
    /// deadline after today and what to rectify; not named closes it, and closes a rectification whose deadline passed.
    /// </summary>
    public static WorkflowResult Decide(AssessmentApplication app, IScorecardRubric rubric, Decision decision, DateOnly? rectifyBy,
        IReadOnlyList<string> reasons, string by, DateTimeOffset at)
    {
        var today = Today(at);
        if (decision == Decision.NotNamed && app.Stage == ApplicationStage.Rectify)
        {
            if (app.RectifyBy is { } due && today <= due)
                return WorkflowResult.Refuse(RefusalKind.WrongStage, $"the unit has until {due:yyyy-MM-dd} to rectify; assess it again, or decide after that day");
        }
        else if (app.Stage != ApplicationStage.Assessed) return WrongStage(app, "decide", ApplicationStage.Assessed);
        if (ReasonsProblem(reasons, required: false) is { } bad) return WorkflowResult.Refuse(RefusalKind.Invalid, bad);
        switch (decision)
        {
            case Decision.Named:
                var (sheet, _) = rubric.Score(app.OnSite!);
                if (sheet is not { Qualifies: true })
                    return WorkflowResult.Refuse(RefusalKind.Invalid, sheet!.Vetoed
                        ? "the on-site card is vetoed (a confidentiality breach): it cannot be named whatever the score"
                        : $"the on-site score {sheet.Total} is below the {rubric.PassMark} the rubric asks: it cannot be named");
                return new(Step(app with { Reasons = [], RectifyBy = null, NamedOn = today }, "name", ApplicationStage.Named, by, at, null), null);
            case Decision.Rectify:
                if (rectifyBy is not { } due) return WorkflowResult.Refuse(RefusalKind.Invalid, "rectifyBy (the deadline, YYYY-MM-DD) is required to order a rectification");
                if (due <= today) return WorkflowResult.Refuse(RefusalKind.Invalid, $"rectifyBy {due:yyyy-MM-dd} must be after today ({today:yyyy-MM-dd})");
                if (reasons.Count == 0) return WorkflowResult.Refuse(RefusalKind.Invalid, "reasons (what to rectify) are required to order a rectification");
                return new(Step(app with { Reasons = reasons, RectifyBy = due }, "rectify", ApplicationStage.Rectify, by, at,
                    $"by {due:yyyy-MM-dd}: {string.Join("; ", reasons)}"), null);
            default:
                return new(Step(app with { Reasons = reasons, RectifyBy = null }, "not_name", ApplicationStage.NotNamed, by, at,
                    reasons.Count == 0 ? null : string.Join("; ", reasons)), null);
        }
    }

    private static AssessmentApplication Step(AssessmentApplication app, string action, ApplicationStage stage, string by, DateTimeOffset at, string? note) =>
        app with { Stage = stage, Steps = [.. app.Steps, new ApplicationStep(action, stage, by, at, note)] };

    private static WorkflowResult WrongStage(AssessmentApplication app, string what, params ApplicationStage[] allowed) =>
        WorkflowResult.Refuse(RefusalKind.WrongStage,
            $"cannot {what} an application at stage {app.Stage.ToWireName()} (only at {string.Join(" or ", allowed.Select(s => s.ToWireName()))})");

    private static string? ReasonsProblem(IReadOnlyList<string> reasons, bool required = true) =>
        required && reasons.Count == 0 ? "reasons are required: say what the unit must fix" : TextProblem("reasons", reasons, MaxReasons);

    private static string? TextProblem(string name, IReadOnlyList<string> texts, int max)
    {
        if (texts.Count > max) return $"at most {max} {name}";
        if (texts.Any(string.IsNullOrWhiteSpace)) return $"{name} must not be blank";
        return texts.Any(t => t.Length > MaxTextLength) ? $"each of the {name} is at most {MaxTextLength} characters" : null;
    }
}
