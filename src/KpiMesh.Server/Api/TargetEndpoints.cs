using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Programmes;
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
    /// <summary>Why a series cannot be asked for: an option it lacks, or the total of options that have none.</summary>
    public static string? SeriesProblem(IndicatorDefinition indicator, string? option) =>
        indicator.HasSeries(option) ? null
        : option is null ? $"{indicator.Id}'s options have no pooled total: give option ({string.Join(", ", indicator.Options)})"
        : $"{indicator.Id} has no option '{(option.Length > 40 ? option[..40] : option)}'";

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

    /// <summary>
    /// Sets the target of one series for a unit's subtree: a target of the programme scoped to that unit. Without a
    /// baseline it starts from the baseline of the target it replaces (the superior's), so the trajectory is the programme's.
    /// </summary>
    private static async Task<Results<Ok<List<TargetResponse>>, ProblemHttpResult>> PutTargetAsync(
        string code, string indicator, TargetBody body, UnitReportService reports, ProgrammeService programmes)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        if ((await programmes.GetAsync()).Programme.Catalog.Find(indicator) is null) return Problems.BadRequest($"unknown indicator '{(indicator.Length > 40 ? indicator[..40] : indicator)}'");
        if (body.Milestones is not { Count: > 0 } milestones) return Problems.BadRequest("give at least one milestone: { \"due\": \"2021-12-31\", \"value\": 0.9 }");
        if (await reports.GetTargetsAsync(code) is not { } inForce) return Problems.NotFound($"unknown unit {code}");
        var inherited = inForce.FirstOrDefault(t => t.Schedule.Indicator == indicator && t.Schedule.Option == body.Option)?.Schedule;
        var target = new TargetSpec(indicator, body.Option, code,
            new BaselineSpec(body.BaselineDate ?? inherited?.BaselineDate ?? milestones[0].Due.AddYears(-1), body.BaselineValue ?? inherited?.BaselineValue ?? 0),
            milestones.Select(m => new MilestoneSpec(m.Due, m.Value)).ToList(), $"self-chosen by {code}");
        var result = await programmes.SetTargetAsync(code, target);
        if (result.Problems.Count > 0) return Problems.Invalid("Target refused", string.Join("; ", result.Problems.Select(p => p.Message)));
        if (result.Conflict) return TypedResults.Problem("the programme changed meanwhile; try again", title: "Programme changed meanwhile", statusCode: 409);
        return TypedResults.Ok((await reports.GetTargetsAsync(code))!.Where(t => t.Schedule.Indicator == indicator).Select(TargetResponse.From).ToList());
    }

    private static async Task<Results<Ok<LaggardsResponse>, ProblemHttpResult>> GetLaggardsAsync(
        string code, string? indicator, string? option, string? level, int? limit, UnitReportService reports, ProgrammeService programmes)
    {
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");
        if ((await programmes.GetAsync()).Programme.Catalog.Find(indicator) is not { } definition) return Problems.BadRequest("the query parameter 'indicator' must name an indicator of the programme");
        if (SeriesProblem(definition, option) is { } badOption) return Problems.BadRequest(badOption);
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
