using KpiMesh.Abstractions;
using KpiMesh.Domain.Access;
using KpiMesh.Domain.Approvals;
using KpiMesh.Domain.Submissions;
using KpiMesh.Server.Auth;
using KpiMesh.Server.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiMesh.Server.Api;

public sealed record ApprovalTransitionResponse(string From, string To, string Action, string By, DateTimeOffset At, string? Reason)
{
    public static ApprovalTransitionResponse Of(ApprovalTransitionData t) => new(t.From, t.To, t.Action, t.By, t.At, t.Reason);
}

/// <remarks>
/// <c>history</c> is the audit trail of the (unit, period): every transition with who, when and why. <c>final</c> is the
/// last state of the unit's chain under the programme (<c>approvalStopsAt</c>): <c>completed</c>, <c>approved</c> or <c>accepted</c>.
/// </remarks>
public sealed record ApprovalResponse(
    string Unit, string Period, string State, string? By, DateTimeOffset? At, string? Reason, double? Completeness,
    IReadOnlyList<ApprovalTransitionResponse> History, IReadOnlyList<ChildApprovalResponse> Children, string Final)
{
    public static ApprovalResponse From(ApprovalEntry e, double? completeness, IReadOnlyList<ChildApprovalResponse> children, ApprovalState final) =>
        new(e.Unit, e.Period, e.State, e.By, e.At, e.Reason, completeness, e.History.Select(ApprovalTransitionResponse.Of).ToList(), children, final.ToWireName());
}

public sealed record ChildApprovalResponse(string Code, string Name, string Level, string State, string? By, DateTimeOffset? At, double? Completeness)
{
    public static ChildApprovalResponse From(ChildApproval c) =>
        new(c.Unit.Code, c.Unit.Name, c.Unit.Level, c.Approval.State, c.Approval.By, c.Approval.At, c.Completeness);
}

public sealed record ApprovalRequest(string? Action, string? Reason);

internal static class ApprovalEndpoints
{
    public const int MaxReasonLength = 500;

    public static void MapApprovalEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/units/{code}/approvals/{period}", GetAsync).RequireUnit(Permission.Read)
            .WithSummary("The approval state of a unit's period, its history, and every child's state and completeness.");
        // Submit is the least any action needs (complete); the domain judges approve, accept and reopen by role and level.
        api.MapPost("/units/{code}/approvals/{period}", ActAsync).RequireUnit(Permission.Submit)
            .WithSummary("complete, approve, accept or reopen a unit's period.");
    }

    private static async Task<Results<Ok<ApprovalResponse>, ProblemHttpResult>> GetAsync(RouteUnit unit, string period, ApprovalService approvals)
    {
        if (ReportingPeriod.Problem(period) is { } bad) return Problems.BadRequest(bad);
        period = ReportingPeriod.Parse(period).Text; // one key per period: 2026q4 is 2026Q4
        var entry = await approvals.GetAsync(unit.Code, period);
        var children = await approvals.ChildrenAsync(unit.Code, period);
        return TypedResults.Ok(ApprovalResponse.From(entry, await approvals.CompletenessAsync(unit.Code), children.Select(ChildApprovalResponse.From).ToList(),
            await approvals.FinalAsync(unit.Code)));
    }

    private static async Task<Results<Ok<ApprovalResponse>, ProblemHttpResult>> ActAsync(
        RouteUnit unit, string period, ApprovalRequest? request, ApprovalService approvals, HttpContext context)
    {
        if (ReportingPeriod.Problem(period) is { } bad) return Problems.BadRequest(bad);
        period = ReportingPeriod.Parse(period).Text;
        if (request is null || !ApprovalWire.TryParseAction(request.Action, out var action))
            return Problems.BadRequest("action must be one of complete, approve, accept, reopen");
        if (request.Reason is { Length: > MaxReasonLength } || request.Reason?.Any(char.IsControl) == true)
            return Problems.BadRequest($"reason must be at most {MaxReasonLength} printable characters");

        var outcome = await approvals.ActAsync(unit.Code, period, action, request.Reason, context.Principal());
        return outcome.Refusal switch
        {
            null => TypedResults.Ok(ApprovalResponse.From(outcome.Entry, null, [], await approvals.FinalAsync(unit.Code))),
            "not_allowed" => Problems.Forbidden(outcome.Reason!),
            "wrong_state" => TypedResults.Problem(outcome.Reason, title: "Conflict with the period's approval state", statusCode: 409),
            _ => TypedResults.Problem(outcome.Reason, title: "A reason is required", statusCode: 422),
        };
    }
}
