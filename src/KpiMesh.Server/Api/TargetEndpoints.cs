using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Text;
using KpiMesh.Domain.Programmes;
using KpiMesh.Grains.Services;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Targets;
using KpiMesh.Server.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Api;

public sealed record MilestoneBody(DateOnly Due, double Value);

public sealed record TargetBody(string? Option, DateOnly? BaselineDate, double? BaselineValue, IReadOnlyList<MilestoneBody>? Milestones);

public sealed record TargetResponse(string Indicator, string? Option, string SetAt, DateOnly BaselineDate, double BaselineValue,
    IReadOnlyList<MilestoneBody> Milestones, string Source)
{
    public static TargetResponse From(EffectiveTarget target) => new(target.Schedule.Indicator, target.Schedule.Option,
        target.SetAt ?? "default", target.Schedule.BaselineDate, target.Schedule.BaselineValue,
        target.Schedule.Milestones.Select(m => new MilestoneBody(m.Due, m.Value)).ToList(), target.Schedule.Source);
}

public sealed record LaggardResponse(string Code, string Name, IndicatorRowResponse Indicator, double? Gap);

public sealed record LaggardsResponse(string Unit, string Indicator, string? Option, string Level, int Units,
    IReadOnlyList<LaggardResponse> BelowTarget, IReadOnlyList<LaggardResponse> LeastComplete);

internal static class TargetEndpoints
{
    public static void MapTargetEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/units/{code}/targets", GetTargetsAsync).RequireUnit(Permission.Read).WithSummary("The target in force for every series at a unit, and who set it.");
        api.MapPut("/units/{code}/targets/{indicator}", PutTargetAsync).RequireUnit(Permission.Administer)
            .WithSummary("A unit's own, stricter target for its subtree (the nearest enclosing target applies).");
        api.MapGet("/units/{code}/laggards", GetLaggardsAsync).RequireUnit(Permission.Read)
            .WithSummary("Units at a level of the subtree furthest below target, and those reporting least.");
    }

    private static async Task<Ok<List<TargetResponse>>> GetTargetsAsync(RouteUnit unit, TargetService targets) =>
        TypedResults.Ok((await targets.GetTargetsAsync(unit.Code)).Select(TargetResponse.From).ToList());

    /// <summary>
    /// Sets the target of one series for a unit's subtree: a target of the programme scoped to that unit. Without a
    /// baseline it starts from the baseline of the target in force there (the superior's), so the trajectory stays the programme's.
    /// </summary>
    private static async Task<Results<Ok<List<TargetResponse>>, ProblemHttpResult>> PutTargetAsync(
        RouteUnit unit, string indicator, TargetBody body, TargetService targets, ProgrammeCache programmes)
    {
        if ((await programmes.GetAsync()).Programme.Catalog.Find(indicator) is null) return Problems.BadRequest($"unknown indicator '{UserText.Clip(indicator)}'");
        if (body.Milestones is not { Count: > 0 } milestones) return Problems.BadRequest("give at least one milestone: { \"due\": \"2021-12-31\", \"value\": 0.9 }");
        var inherited = (await targets.GetTargetsAsync(unit.Code)).FirstOrDefault(t => t.Schedule.Indicator == indicator && t.Schedule.Option == body.Option)?.Schedule;
        var target = new TargetSpec(indicator, body.Option, unit.Code,
            new BaselineSpec(body.BaselineDate ?? inherited?.BaselineDate ?? milestones[0].Due.AddYears(-1), body.BaselineValue ?? inherited?.BaselineValue ?? 0),
            milestones.Select(m => new MilestoneSpec(m.Due, m.Value)).ToList(), $"self-chosen by {unit.Code}");
        if (await targets.ChooseTargetAsync(unit.Code, target) is { } refused) return Problems.Invalid("Target refused", refused);
        return TypedResults.Ok((await targets.GetTargetsAsync(unit.Code)).Where(t => t.Schedule.Indicator == indicator).Select(TargetResponse.From).ToList());
    }

    private static async Task<Results<Ok<LaggardsResponse>, ProblemHttpResult>> GetLaggardsAsync(
        RouteUnit unit, [AsParameters] SeriesQuery query, string? level, UnitReportService reports, ProgrammeCache programmes, IOptions<LimitOptions> limits)
    {
        if (!query.TryResolve((await programmes.GetAsync()).Programme.Catalog, limits.Value.Laggards, out var definition, out var problem)) return problem;
        if (!UnitLevels.TryParse(level, out var unitLevel)) return Problems.BadRequest("the query parameter 'level' must be a unit level (county, town, village, school...)");
        var laggards = await reports.GetLaggardsAsync(unit.Code, definition, query.Option, unitLevel, query.Limit ?? 20);
        if (laggards.Error is { } error) return Problems.BadRequest(error);
        static LaggardResponse Map(Laggard l) => new(l.Code, l.Name, IndicatorRowResponse.From(l.Row), l.Gap);
        return TypedResults.Ok(new LaggardsResponse(unit.Code, definition.Id, query.Option, unitLevel.ToWireName(), laggards.Candidates,
            laggards.BelowTarget.Select(Map).ToList(), laggards.LeastComplete.Select(Map).ToList()));
    }
}
