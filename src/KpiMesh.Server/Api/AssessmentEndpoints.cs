using KpiMesh.Abstractions;
using KpiMesh.Domain.Access;
using KpiMesh.Domain.Assessment;
using KpiMesh.Domain.Text;
using KpiMesh.Domain.Scorecards;
using KpiMesh.Grains;
using KpiMesh.Server.Auth;
using KpiMesh.Server.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Api;

public sealed record MarkBody(string? Grade, decimal? Points);

public sealed record SelfCheckBody(Dictionary<string, MarkBody>? Items, bool? ConfidentialityBreach, List<string>? Materials);

public sealed record OnSiteBody(Dictionary<string, MarkBody>? Items, bool? ConfidentialityBreach);

public sealed record ReasonsBody(List<string>? Reasons);

public sealed record DecisionBody(string? Decision, DateOnly? RectifyBy, List<string>? Reasons);

public sealed record MarkResponse(string Item, string? Grade, decimal? Points);

/// <summary>One side of a card as scored by its rubric. <c>decides</c> is false for the unit's own side: self-scores never pass a unit.</summary>
/// <param name="Points">Each item's points after the rubric's rules (a breach sets Changzhou's 2.4 to 0); null while incomplete.</param>
/// <param name="Missing">The items not marked yet (a self-check may be saved incomplete; it cannot be sent so).</param>
public sealed record SheetResponse(IReadOnlyList<MarkResponse> Marks, bool? ConfidentialityBreach, bool Decides, decimal? Total, decimal? Bonus,
    IReadOnlyDictionary<int, decimal>? SectionScores, IReadOnlyDictionary<string, decimal>? Points, bool? Vetoed, bool? Qualifies, string? Bucket,
    IReadOnlyList<string> Missing);

public sealed record StepResponse(string Action, string Stage, string By, DateTimeOffset At, string? Note);

public sealed record ApplicationResponse(string Unit, string? UnitName, string Scorecard, int Year, string Stage, SheetResponse SelfCheck, SheetResponse? OnSite,
    IReadOnlyList<string> Materials, string? Assessor, int Assessments, IReadOnlyList<string> Reasons, DateOnly? RectifyBy, DateOnly? NamedOn,
    IReadOnlyList<StepResponse> Steps, long Version);

public sealed record ApplicationLineResponse(string Unit, string? Name, string Scorecard, int Year, string Stage, decimal? SelfTotal, decimal? OnSiteTotal,
    DateOnly? RectifyBy, DateOnly? NamedOn);

public sealed record AssessmentSummaryResponse(string Scorecard, string Title, decimal PassMark, int Year, long Applications,
    IReadOnlyDictionary<string, long> Stages, long Assessed, long Qualified, long Vetoed, double? PassRate, long NamedThisYear, long NamedTotal,
    IReadOnlyList<ScoreBand> Distribution, IReadOnlyList<ApplicationLineResponse> Named);

/// <summary>
/// The application workflow of seed 001 (自查申报, 复核命名) and seed 002 (限期整改): the unit self-checks and applies,
/// the level above reviews the materials, an assessor scores on site and decides. Every refused step is a problem
/// document: 403 for the wrong hands, 409 for the wrong stage or a passed deadline, 400 for an incomplete or invalid card.
/// </summary>
internal static class AssessmentEndpoints
{
    private const string Application = "/units/{code}/applications/{scorecard}/{year:int}";

    public static void MapAssessmentEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet(Application, GetAsync).RequireUnit(Permission.Read)
            .WithSummary("One application: its stage, the unit's self-check and the assessor's on-site card side by side, and every step taken.");
        api.MapPut(Application + "/self-check", SelfCheckAsync).RequireUnit(Permission.Read).WithSummary("The unit's own marks and its materials list (opens the application; may be saved incomplete).");
        api.MapPost(Application + "/apply", (RouteUnit unit, string scorecard, int year, HttpContext context, CancellationToken ct) =>
                StepAsync(unit, scorecard, year, AssessmentAction.Apply, by => new("apply", by, null, null, null, null), context, ct))
            .RequireUnit(Permission.Read).WithSummary("The unit sends a complete self-check and its materials to the level above.");
        api.MapPost(Application + "/review", (RouteUnit unit, string scorecard, int year, HttpContext context, CancellationToken ct) =>
                StepAsync(unit, scorecard, year, AssessmentAction.Review, by => new("review", by, null, null, null, null), context, ct))
            .RequireUnit(Permission.Read).WithSummary("The level above starts checking the materials.");
        api.MapPost(Application + "/return", (RouteUnit unit, string scorecard, int year, ReasonsBody body, HttpContext context, CancellationToken ct) =>
                StepAsync(unit, scorecard, year, AssessmentAction.Review, by => new("return", by, null, null, body.Reasons?.ToArray() ?? [], null), context, ct))
            .RequireUnit(Permission.Read).WithSummary("The level above sends the materials back with its reasons; the unit self-checks again.");
        api.MapPut(Application + "/on-site", OnSiteAsync).RequireUnit(Permission.Read).WithSummary("An assessor's on-site scores (after review, or again after a rectification, by its deadline).");
        api.MapPost(Application + "/decision", DecideAsync).RequireUnit(Permission.Read)
            .WithSummary("An assessor names the site, does not, or orders it to rectify by a deadline.");
        api.MapGet("/units/{code}/applications", ListAsync).RequireUnit(Permission.Read)
            .WithSummary("The applications of the subtree, one line each, optionally of one scorecard, year and stage.");
        api.MapGet("/units/{code}/assessments", SummariseAsync).RequireUnit(Permission.Read)
            .WithSummary("For every rubric: units at each stage this year, pass rate and score distribution of on-site cards, named this year and in total, the named sites.");
    }

    private static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> SelfCheckAsync(
        RouteUnit unit, string scorecard, int year, SelfCheckBody body, HttpContext context, IOptions<LimitOptions> limits, CancellationToken ct)
    {
        if (MarksProblem(body.Items, limits.Value) is { } bad) return bad;
        return await StepAsync(unit, scorecard, year, AssessmentAction.Apply,
            by => new("self_check", by, Marks(body.Items), body.ConfidentialityBreach, body.Materials?.ToArray() ?? [], null), context, ct);
    }

    private static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> OnSiteAsync(
        RouteUnit unit, string scorecard, int year, OnSiteBody body, HttpContext context, IOptions<LimitOptions> limits, CancellationToken ct)
    {
        if (MarksProblem(body.Items, limits.Value) is { } bad) return bad;
        return await StepAsync(unit, scorecard, year, AssessmentAction.Assess,
            by => new("assess", by, Marks(body.Items), body.ConfidentialityBreach, null, null), context, ct);
    }

    private static ProblemHttpResult? MarksProblem(Dictionary<string, MarkBody>? items, LimitOptions limits) =>
        items is null ? null
        : items.Count > limits.CardItems ? Problems.BadRequest($"a card has at most {limits.CardItems} items")
        : items.Values.Any(i => i is null) ? Problems.BadRequest("every item needs a grade or points")
        : null;

    private static ItemMarkRecord[] Marks(Dictionary<string, MarkBody>? items) =>
        (items ?? []).Select(i => new ItemMarkRecord(i.Key, i.Value.Grade, i.Value.Points)).ToArray();

    private static Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> DecideAsync(
        RouteUnit unit, string scorecard, int year, DecisionBody body, HttpContext context, CancellationToken ct)
    {
        var action = body.Decision switch { "named" => "name", "not_named" => "not_name", "rectify" => "rectify", _ => null };
        if (action is null) return Task.FromResult<Results<Ok<ApplicationResponse>, ProblemHttpResult>>(
            Problems.BadRequest("decision must be named, not_named or rectify"));
        return StepAsync(unit, scorecard, year, AssessmentAction.Assess,
            by => new(action, by, null, null, body.Reasons?.ToArray() ?? [], body.RectifyBy), context, ct);
    }

    private static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> StepAsync(RouteUnit unit, string scorecard, int year,
        AssessmentAction action, Func<string, ApplicationCommand> command, HttpContext context, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var directory = services.GetRequiredService<SiloUnitDirectory>();
        if (services.GetRequiredService<ScorecardCatalog>().Find(scorecard) is not { } rubric) return UnknownRubric(scorecard);
        var code = unit.Code;
        var principal = context.Principal();
        if (directory.Read(d => AssessmentAccess.Denial(principal, action, code, rubric, d)) is { } denial) return Problems.Forbidden(denial);
        var outcome = await services.GetRequiredService<AssessmentService>().StepAsync(code, rubric, year, command(principal.Name), cancellationToken);
        if (outcome.Application is { } app) return TypedResults.Ok(Response(app, rubric, directory));
        return outcome.Refusal switch
        {
            "wrong_stage" => Problems.Conflict("Wrong stage", outcome.Detail!),
            "deadline_passed" => Problems.Conflict("Deadline passed", outcome.Detail!),
            "incomplete" => Problems.Incomplete(outcome.Detail!, outcome.Missing),
            "not_eligible" => Problems.Invalid("Not eligible", outcome.Detail!),
            "not_found" => Problems.NotFound(outcome.Detail!),
            _ => Problems.Invalid("Step refused", outcome.Detail!),
        };
    }

    private static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> GetAsync(
        RouteUnit unit, string scorecard, int year, ScorecardCatalog rubrics, SiloUnitDirectory directory, AssessmentService assessments)
    {
        if (rubrics.Find(scorecard) is not { } rubric) return UnknownRubric(scorecard);
        if (await assessments.GetAsync(unit.Code, rubric, year) is not { } app) return Problems.NotFound($"unit {unit.Code} has no {rubric.Id} application for {year}");
        return TypedResults.Ok(Response(app, rubric, directory));
    }

    private static async Task<Results<Ok<List<ApplicationLineResponse>>, ProblemHttpResult>> ListAsync(RouteUnit unit, string? scorecard, int? year, string? stage,
        ScorecardCatalog rubrics, SiloUnitDirectory directory, AssessmentService assessments)
    {
        if (scorecard is not null && rubrics.Find(scorecard) is null) return UnknownRubric(scorecard);
        if (stage is not null && !ApplicationStages.TryParse(stage, out _))
            return Problems.BadRequest($"stage must be one of {string.Join(", ", ApplicationStages.WireNames)}");
        var rows = new List<ApplicationLineResponse>();
        foreach (var rubric in rubrics.All.Where(r => scorecard is null || r.Id == scorecard))
            rows.AddRange((await assessments.ListAsync(unit.Code, rubric)).Where(l => (year is null || l.Year == year) && (stage is null || l.Stage == stage))
                .Select(l => Line(l, rubric, directory)));
        return TypedResults.Ok(rows);
    }

    private static async Task<Results<Ok<List<AssessmentSummaryResponse>>, ProblemHttpResult>> SummariseAsync(RouteUnit unit, int? year,
        ScorecardCatalog rubrics, SiloUnitDirectory directory, AssessmentService assessments, TimeProvider clock)
    {
        if (year is < 2000 or > 2100) return Problems.BadRequest("year must be between 2000 and 2100");
        var code = unit.Code;
        var asOf = year ?? ApplicationWorkflow.Today(clock.GetUtcNow()).Year;
        var rows = new List<AssessmentSummaryResponse>();
        foreach (var rubric in rubrics.All)
        {
            var s = await assessments.SummariseAsync(code, rubric, asOf);
            var named = (await assessments.ListAsync(code, rubric)).Where(l => l.NamedOn is not null).OrderBy(l => l.NamedOn).Select(l => Line(l, rubric, directory)).ToList();
            rows.Add(new AssessmentSummaryResponse(rubric.Id, rubric.Title, rubric.PassMark, asOf, s.Applications, s.Stages, s.Assessed, s.Qualified, s.Vetoed,
                s.PassRate, s.NamedThisYear, s.NamedTotal, s.Distribution, named));
        }
        return TypedResults.Ok(rows);
    }

    private static ProblemHttpResult UnknownRubric(string scorecard) => Problems.NotFound($"unknown scorecard '{UserText.Clip(scorecard)}'");

    private static ApplicationLineResponse Line(ApplicationLine l, IScorecardRubric rubric, SiloUnitDirectory directory) =>
        new(l.Unit, directory.Find(l.Unit)?.Name, rubric.Id, l.Year, l.Stage, l.SelfTotal, l.OnSiteTotal, l.RectifyBy, l.NamedOn);

    private static ApplicationResponse Response(ApplicationRecord app, IScorecardRubric rubric, SiloUnitDirectory directory) => new(
        app.Unit, directory.Find(app.Unit)?.Name, app.Rubric, app.Year, app.Stage,
        Sheet(rubric, app.Self, app.SelfBreach, decides: false)!, app.OnSite is null ? null : Sheet(rubric, app.OnSite, app.OnSiteBreach, decides: true),
        app.Materials, app.Assessor, app.Assessments, app.Reasons, app.RectifyBy, app.NamedOn,
        app.Steps.Select(s => new StepResponse(s.Action, s.Stage, s.By, s.At, s.Note)).ToList(), app.Version);

    private static SheetResponse Sheet(IScorecardRubric rubric, ItemMarkRecord[] marks, bool? breach, bool decides)
    {
        var (sheet, refusal) = rubric.Score(ApplicationMapping.Input(marks, breach));
        return new SheetResponse(marks.Select(m => new MarkResponse(m.Item, m.Grade, m.Points)).ToList(), breach, decides, sheet?.Total, sheet?.Bonus,
            sheet?.SectionScores, sheet?.Points, sheet?.Vetoed, sheet?.Qualifies, sheet?.Bucket, refusal?.Missing ?? []);
    }
}
