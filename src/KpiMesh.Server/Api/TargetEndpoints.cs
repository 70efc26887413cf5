using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Targets;
using KpiMesh.Grains.Services;
using Microsoft.AspNetCore.Http.HttpResults;

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

    private static async Task<Results<Ok<List<TargetResponse>>, ProblemHttpResult>> GetTargetsAsync(string code, UnitReportService reports)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        if (await reports.GetTargetsAsync(code) is not { } targets) return Problems.NotFound($"unknown unit {code}");
        return TypedResults.Ok(targets.Select(TargetResponse.From).ToList());
    }

    private static async Task<Results<Ok<List<TargetResponse>>, ProblemHttpResult>> PutTargetAsync(
        string code, string indicator, TargetBody body, UnitReportService reports, IndicatorCatalog catalog)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        if (catalog.Find(indicator) is null) return Problems.BadRequest($"unknown indicator '{(indicator.Length > 40 ? indicator[..40] : indicator)}'");
        if (body.Milestones is not { Count: > 0 } milestones) return Problems.BadRequest("give at least one milestone: { \"due\": \"2021-12-31\", \"value\": 0.9 }");
        var schedule = new TargetSchedule(indicator, body.Option, body.BaselineDate ?? DefaultTargets.ProgrammeStart, body.BaselineValue ?? 0,
            milestones.Select(m => new Milestone(m.Due, m.Value)).ToList(), $"self-chosen by {code}");
        if (await reports.GetTargetsAsync(code) is null) return Problems.NotFound($"unknown unit {code}");
        if (await reports.ChooseTargetAsync(code, schedule) is { } refused) return Problems.Invalid("Target refused", refused);
        return TypedResults.Ok((await reports.GetTargetsAsync(code))!.Where(t => t.Schedule.Indicator == indicator).Select(TargetResponse.From).ToList());
    }

    private static async Task<Results<Ok<LaggardsResponse>, ProblemHttpResult>> GetLaggardsAsync(
        string code, string? indicator, string? option, string? level, int? limit, UnitReportService reports, IndicatorCatalog catalog)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        if (catalog.Find(indicator) is not { } definition) return Problems.BadRequest("the query parameter 'indicator' must name an indicator of the catalog");
        if (option is not null && !definition.Options.Contains(option)) return Problems.BadRequest($"{definition.Id} has no option '{option}'");
        if (!UnitLevels.TryParse(level, out var unitLevel)) return Problems.BadRequest("the query parameter 'level' must be a unit level (county, town, village, school...)");
        if (limit is < 1 or > 500) return Problems.BadRequest("limit must be between 1 and 500");
        var found = await reports.GetLaggardsAsync(code, definition, option, unitLevel, limit ?? 20);
        if (found is not { } laggards) return Problems.NotFound($"unknown unit {code}");
        if (laggards.Error is { } error) return Problems.BadRequest(error);
        static LaggardResponse Map(Laggard l) => new(l.Code, l.Name, IndicatorRowResponse.From(l.Row), l.Gap);
        return TypedResults.Ok(new LaggardsResponse(code, definition.Id, option, unitLevel.ToWireName(), laggards.Candidates,
            laggards.BelowTarget.Select(Map).ToList(), laggards.LeastComplete.Select(Map).ToList()));
    }
}
