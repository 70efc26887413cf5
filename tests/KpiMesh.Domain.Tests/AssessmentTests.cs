using KpiMesh.Domain.Access;
using KpiMesh.Domain.Assessment;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Scorecards;
using KpiMesh.Domain.Submissions;
using static KpiMesh.Domain.Tests.ScorecardTests;

namespace KpiMesh.Domain.Tests;

/// <summary>The application workflow of seed 001 (自查申报, 复核命名) with seed 002's 限期整改, and who may take each step.</summary>
public sealed class AssessmentTests
{
    private static readonly HebeiDemonstrationSite Hebei = HebeiDemonstrationSite.Instance;
    private static readonly ChangzhouHealthStation Changzhou = ChangzhouHealthStation.Instance;
    private static readonly UnitDirectory Tree = TestHierarchy.Load();
    // 2026-11-24 23:30 UTC is already 2026-11-25 in Beijing.
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 23, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static AssessmentApplication Open(IScorecardRubric rubric, string unit) =>
        ApplicationWorkflow.Start(rubric, Tree.Find(unit)!, 2026, "village-clerk", Now).Next!;

    private static AssessmentApplication Next(WorkflowResult result) => result.Next ?? throw new Xunit.Sdk.XunitException(result.Refusal!.Detail);

    private static AssessmentApplication UnderReview(IScorecardRubric rubric, string unit, ScoreInput self)
    {
        var app = Next(ApplicationWorkflow.SelfCheck(Open(rubric, unit), rubric, self, ["2026年工作总结"], "clerk", Now));
        app = Next(ApplicationWorkflow.Apply(app, rubric, "clerk", Now));
        return Next(ApplicationWorkflow.StartReview(app, "county-admin", Now));
    }

    [Fact]
    public void Days_are_Beijing_days() => Assert.Equal(Today, ApplicationWorkflow.Today(Now));

    [Fact]
    public void A_village_applies_is_reviewed_scored_on_site_and_named_with_both_cards_kept()
    {
        var app = UnderReview(Hebei, "130102001001", Graded(_ => "A"));
        app = Next(ApplicationWorkflow.Assess(app, Hebei, Graded(i => i.Section == 1 || i.Id is "2.1" or "2.2" or "2.3" or "2.4" ? "B" : "A"), "assessor", Now));
        Assert.Equal((ApplicationStage.Assessed, 1), (app.Stage, app.Assessments));
        Assert.Equal(100m, Hebei.Score(app.Self).Sheet!.Total);
        Assert.Equal(80m, Hebei.Score(app.OnSite!).Sheet!.Total);
        app = Next(ApplicationWorkflow.Decide(app, Hebei, Decision.Named, null, [], "assessor", Now));
        Assert.Equal((ApplicationStage.Named, Today), (app.Stage, app.NamedOn));
        Assert.Equal(["open", "self_check", "apply", "review", "assess", "name"], app.Steps.Select(s => s.Action));
        Assert.Equal("assessor", app.Steps[^1].By);
    }

    [Fact]
    public void A_unit_of_the_wrong_level_cannot_apply()
    {
        var town = ApplicationWorkflow.Start(Hebei, Tree.Find("130102001")!, 2026, "clerk", Now).Refusal!;
        Assert.Equal(RefusalKind.NotEligible, town.Kind);
        Assert.Contains("创建范围", town.Detail);
        Assert.Equal(RefusalKind.NotEligible, ApplicationWorkflow.Start(Changzhou, Tree.Find("130102001001")!, 2026, "c", Now).Refusal!.Kind);
        Assert.NotNull(ApplicationWorkflow.Start(Changzhou, Tree.Find("130102001-SC1")!, 2026, "c", Now).Next);
    }

    [Fact]
    public void Applying_needs_every_item_marked_and_materials_listed()
    {
        var partial = Next(ApplicationWorkflow.SelfCheck(Open(Hebei, "130102001001"), Hebei,
            Graded(i => i.Id is "1.3" or "3.1" or "3.2" or "4.5" ? null : "A"), ["总结"], "clerk", Now));
        var refused = ApplicationWorkflow.Apply(partial, Hebei, "clerk", Now).Refusal!;
        Assert.Equal(RefusalKind.Incomplete, refused.Kind);
        Assert.Equal(["1.3", "3.1", "3.2", "4.5"], refused.Missing);

        var noMaterials = Next(ApplicationWorkflow.SelfCheck(Open(Hebei, "130102001001"), Hebei, Graded(_ => "A"), [], "clerk", Now));
        Assert.Equal(["materials"], ApplicationWorkflow.Apply(noMaterials, Hebei, "clerk", Now).Refusal!.Missing);
        // A bad mark is refused at self-check already, not kept.
        Assert.Equal(RefusalKind.Invalid, ApplicationWorkflow.SelfCheck(Open(Hebei, "130102001001"), Hebei, Graded(_ => "none"), ["总结"], "c", Now).Refusal!.Kind);
    }

    [Fact]
    public void The_level_above_returns_materials_with_reasons_and_the_unit_applies_again()
    {
        var app = UnderReview(Hebei, "130102001001", Graded(_ => "A"));
        Assert.Equal(RefusalKind.Invalid, ApplicationWorkflow.Return(app, [], "county-admin", Now).Refusal!.Kind);
        app = Next(ApplicationWorkflow.Return(app, ["缺少年度工作计划"], "county-admin", Now));
        Assert.Equal(ApplicationStage.SelfCheck, app.Stage);
        Assert.Equal(["缺少年度工作计划"], app.Reasons);
        app = Next(ApplicationWorkflow.SelfCheck(app, Hebei, app.Self, ["2026年工作总结", "年度工作计划"], "clerk", Now));
        app = Next(ApplicationWorkflow.Apply(app, Hebei, "clerk", Now));
        Assert.Equal((ApplicationStage.Applied, 0), (app.Stage, app.Reasons.Count));
    }

    [Fact]
    public void Steps_out_of_order_are_refused_as_wrong_stage()
    {
        var open = Open(Hebei, "130102001001");
        Assert.Equal(RefusalKind.WrongStage, ApplicationWorkflow.Assess(open, Hebei, Graded(_ => "A"), "assessor", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.WrongStage, ApplicationWorkflow.StartReview(open, "admin", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.WrongStage, ApplicationWorkflow.Decide(open, Hebei, Decision.Named, null, [], "assessor", Now).Refusal!.Kind);
        var review = UnderReview(Hebei, "130102001001", Graded(_ => "A"));
        Assert.Contains("only at self_check or rectify", ApplicationWorkflow.SelfCheck(review, Hebei, Graded(_ => "B"), ["x"], "clerk", Now).Refusal!.Detail);
    }

    [Fact]
    public void Self_scores_never_name_a_unit_only_a_qualifying_on_site_card_does()
    {
        // The unit gives itself 100; on site it earns 77.5: it cannot be named.
        var app = UnderReview(Hebei, "130102001001", Graded(_ => "A"));
        app = Next(ApplicationWorkflow.Assess(app, Hebei, Graded(i => i.Section <= 2 ? "B" : "A"), "assessor", Now));
        var refused = ApplicationWorkflow.Decide(app, Hebei, Decision.Named, null, [], "assessor", Now).Refusal!;
        Assert.Contains("77.5 is below the 80", refused.Detail);
        // An incomplete on-site card is refused, naming what is missing.
        var review = UnderReview(Hebei, "130102001002", Graded(_ => "A"));
        Assert.Equal(["4.5"], ApplicationWorkflow.Assess(review, Hebei, Graded(i => i.Id == "4.5" ? null : "A"), "assessor", Now).Refusal!.Missing);
    }

    [Fact]
    public void A_breach_found_on_site_vetoes_a_station_that_scored_itself_perfect()
    {
        var app = UnderReview(Changzhou, "130102001-SC1", Scored(i => i.Points));
        app = Next(ApplicationWorkflow.Assess(app, Changzhou, Scored(i => i.Points, breach: true), "assessor", Now));
        Assert.Contains("vetoed", ApplicationWorkflow.Decide(app, Changzhou, Decision.Named, null, [], "assessor", Now).Refusal!.Detail);
        Assert.Equal(ApplicationStage.NotNamed, Next(ApplicationWorkflow.Decide(app, Changzhou, Decision.NotNamed, null, ["泄密"], "assessor", Now)).Stage);
    }

    [Fact]
    public void Rectify_by_a_deadline_then_reassess_and_after_the_deadline_only_not_named()
    {
        var app = UnderReview(Hebei, "130102001001", Graded(_ => "A"));
        app = Next(ApplicationWorkflow.Assess(app, Hebei, Graded(i => i.Section <= 2 ? "B" : "A"), "assessor", Now));
        Assert.Contains("rectifyBy", ApplicationWorkflow.Decide(app, Hebei, Decision.Rectify, null, ["补充经费"], "a", Now).Refusal!.Detail);
        Assert.Contains("after today", ApplicationWorkflow.Decide(app, Hebei, Decision.Rectify, Today, ["补充经费"], "a", Now).Refusal!.Detail);
        Assert.Contains("reasons", ApplicationWorkflow.Decide(app, Hebei, Decision.Rectify, Today.AddDays(30), [], "a", Now).Refusal!.Detail);
        var rectify = Next(ApplicationWorkflow.Decide(app, Hebei, Decision.Rectify, Today.AddDays(30), ["队伍建设不足"], "assessor", Now));
        Assert.Equal((ApplicationStage.Rectify, Today.AddDays(30)), (rectify.Stage, rectify.RectifyBy));

        // Before the deadline: the unit updates its self-check, the assessor scores again and names it.
        var updated = Next(ApplicationWorkflow.SelfCheck(rectify, Hebei, Graded(_ => "A"), ["整改报告"], "clerk", Now.AddDays(10)));
        Assert.Contains("has until", ApplicationWorkflow.Decide(updated, Hebei, Decision.NotNamed, null, [], "a", Now.AddDays(10)).Refusal!.Detail);
        var again = Next(ApplicationWorkflow.Assess(updated, Hebei, Graded(_ => "A"), "assessor", Now.AddDays(29)));
        Assert.Equal((2, "reassess"), (again.Assessments, again.Steps[^1].Action));
        Assert.Equal(ApplicationStage.Named, Next(ApplicationWorkflow.Decide(again, Hebei, Decision.Named, null, [], "assessor", Now.AddDays(29))).Stage);

        // After the deadline: no re-assessment, only not named.
        var late = ApplicationWorkflow.Assess(rectify, Hebei, Graded(_ => "A"), "assessor", Now.AddDays(31)).Refusal!;
        Assert.Equal(RefusalKind.DeadlinePassed, late.Kind);
        Assert.Equal(ApplicationStage.NotNamed, Next(ApplicationWorkflow.Decide(rectify, Hebei, Decision.NotNamed, null, [], "assessor", Now.AddDays(31))).Stage);
    }

    [Fact]
    public void Only_the_unit_applies_only_the_level_above_reviews_only_an_assessor_at_the_assessing_level_decides()
    {
        string? Denial(Role role, string? scope, AssessmentAction action, string unit = "130102001001", IScorecardRubric? rubric = null) =>
            AssessmentAccess.Denial(new Principal("p", role, scope), action, unit, rubric ?? Hebei, Tree);

        Assert.Null(Denial(Role.Submitter, "130102", AssessmentAction.Apply));
        Assert.NotNull(Denial(Role.Submitter, "130104", AssessmentAction.Apply));
        Assert.Contains("assessor scores", Denial(Role.Assessor, "13", AssessmentAction.Apply));

        Assert.Null(Denial(Role.Admin, "130102", AssessmentAction.Review));
        Assert.Contains("does not review its own", Denial(Role.Admin, "130102001001", AssessmentAction.Review));
        Assert.Contains("needs admin", Denial(Role.Submitter, "130102", AssessmentAction.Review));

        // A submitter entering on-site scores, and a unit's admin naming itself: only an assessor may.
        Assert.Contains("only an assessor", Denial(Role.Submitter, "130102", AssessmentAction.Assess));
        Assert.Contains("only an assessor", Denial(Role.Admin, null, AssessmentAction.Assess));
        Assert.Null(Denial(Role.Assessor, "13", AssessmentAction.Assess));
        Assert.Null(Denial(Role.Assessor, null, AssessmentAction.Assess));
        Assert.Contains("outside your subtree", Denial(Role.Assessor, "130104", AssessmentAction.Assess));
        // Hebei is assessed by the province: a city or county assessor is inside the applicant's own line.
        Assert.Contains("below the province level", Denial(Role.Assessor, "1301", AssessmentAction.Assess));
        Assert.Contains("below the province level", Denial(Role.Assessor, "130102", AssessmentAction.Assess));
        // Changzhou's stations are accepted by the city.
        Assert.Null(Denial(Role.Assessor, "1301", AssessmentAction.Assess, "130102001-SC1", Changzhou));
        Assert.NotNull(Denial(Role.Assessor, "130102", AssessmentAction.Assess, "130102001-SC1", Changzhou));
        // An assessor reads but submits nothing.
        Assert.Null(AccessPolicy.Denial(new Principal("p", Role.Assessor, "13"), Permission.Read, "130102", Tree));
        Assert.NotNull(AccessPolicy.Denial(new Principal("p", Role.Assessor, "13"), Permission.Submit, "130102", Tree));
    }

    [Fact]
    public void Rollups_count_stages_pass_rates_and_on_site_scores_only_and_move_a_unit_without_counting_it_twice()
    {
        long sequence = 0;
        Contribution Of(AssessmentApplication app) => OwnContribution.Build(AssessmentRollup.Submissions(Hebei, app)
            .ToDictionary(s => s.Key, s => new OwnValue(s.Numerator, s.Denominator, s.Period.Text, null, ++sequence, DateTimeOffset.UnixEpoch)), KpiMesh.Domain.Programmes.Programme.Default.Catalog);
        var county = new SubtreeRollup();

        // One village names itself 100 at self-check and applies; another is assessed at 77.5 on site.
        var self = Next(ApplicationWorkflow.Apply(Next(ApplicationWorkflow.SelfCheck(Open(Hebei, "130102001001"), Hebei, Graded(_ => "A"), ["总结"], "c", Now)), Hebei, "c", Now));
        var low = Next(ApplicationWorkflow.Assess(UnderReview(Hebei, "130102001002", Graded(_ => "A")), Hebei, Graded(i => i.Section <= 2 ? "B" : "A"), "a", Now));
        county.ReplaceChild("130102001001", 1, Of(self));
        county.ReplaceChild("130102001002", 1, Of(low));
        var first = AssessmentRollup.Summarise(Hebei, 2026, county.Total);
        Assert.Equal((2L, 1L, 1L, 1L, 0L, 0.0), (first.Applications, first.Stages["applied"], first.Stages["assessed"], first.Assessed, first.Qualified, first.PassRate!.Value));
        Assert.Equal([0L, 0, 1, 0, 0], first.Distribution.Select(b => b.Units)); // the self-scored 100 is in no band

        // The second is re-assessed after rectification and named; the first is assessed at 100 and named.
        var rectified = Next(ApplicationWorkflow.Decide(low, Hebei, Decision.Rectify, Today.AddDays(30), ["补充"], "a", Now));
        var named2 = Next(ApplicationWorkflow.Decide(Next(ApplicationWorkflow.Assess(rectified, Hebei, Graded(_ => "A"), "a", Now)), Hebei, Decision.Named, null, [], "a", Now));
        county.ReplaceChild("130102001002", 2, Of(named2));
        var review = Next(ApplicationWorkflow.StartReview(self, "admin", Now));
        var named1 = Next(ApplicationWorkflow.Decide(Next(ApplicationWorkflow.Assess(review, Hebei, Graded(_ => "A"), "a", Now)), Hebei, Decision.Named, null, [], "a", Now));
        county.ReplaceChild("130102001001", 2, Of(named1));
        var second = AssessmentRollup.Summarise(Hebei, 2026, county.Total);
        Assert.Equal((2L, 2L, 2L, 2L, 1.0), (second.NamedThisYear, second.NamedTotal, second.Assessed, second.Qualified, second.PassRate!.Value));
        Assert.Equal([0L, 0, 0, 0, 2], second.Distribution.Select(b => b.Units));
        Assert.Equal(0L, second.Stages["rectify"] + second.Stages["applied"] + second.Stages["assessed"]);
        // Another year's counts are their own; the named total carries over.
        var next = AssessmentRollup.Summarise(Hebei, 2027, county.Total);
        Assert.Equal((0L, 0L, 2L), (next.Applications, next.NamedThisYear, next.NamedTotal));
    }
}
