using KpiMesh.Domain.Access;

namespace KpiMesh.Domain.Approvals;

/// <summary>The outcome of asking for a transition: the new state, or why not.</summary>
public sealed record ApprovalDecision(ApprovalState? To, ApprovalRefusal? Refusal, string? Reason)
{
    public static ApprovalDecision Allow(ApprovalState to) => new(to, null, null);

    public static ApprovalDecision Refuse(ApprovalRefusal refusal, string reason) => new(null, refusal, reason);
}

/// <summary>
/// The approval state machine of one (unit, period): <c>open -> completed -> approved -> accepted</c>, and
/// <c>reopen</c> back to open. Seed 001 (五、实施步骤): （二）自查申报 基层单位……认真进行对照检查 (the unit's own submitter
/// completes), （三）复核命名 ……在对基层单位申报材料初步审核的基础上 (the level above reviews: an approver of the parent
/// approves, one two levels up or the province accepts). Approved and accepted periods are locked. The chain stops
/// where the programme says (<see cref="ApprovalChain"/>): no step is signed above that level.
/// </summary>
public static class ApprovalRules
{
    /// <summary>Levels between the unit and the lowest approver who may approve it (the parent).</summary>
    public const int ApproveLevels = 1;

    /// <summary>Levels between the unit and the lowest approver who may accept it (the grandparent), unless the province does.</summary>
    public const int AcceptLevels = 2;

    /// <param name="completeness">The unit's reporting completeness (reported / expected over its series), 0..1; null when nothing is expected.</param>
    /// <param name="reason">The actor's reason; completing below 100% needs one, re-opening records it.</param>
    /// <param name="final">The last state of this unit's chain under the programme (<see cref="ApprovalChain.Final"/>).</param>
    public static ApprovalDecision Decide(ApprovalState current, ApprovalAction action, ApprovalActor actor, double? completeness, string? reason,
        ApprovalState final = ApprovalState.Accepted)
    {
        if (actor.LevelsAbove is null) return ApprovalDecision.Refuse(ApprovalRefusal.NotAllowed, "the unit is outside your subtree");
        if (action is ApprovalAction.Approve or ApprovalAction.Accept && (action == ApprovalAction.Approve ? ApprovalState.Approved : ApprovalState.Accepted) > final)
            return ApprovalDecision.Refuse(ApprovalRefusal.WrongState,
                $"the programme's approval stops below this step: this unit's period is final once {final.ToWireName()}");
        return action switch
        {
            ApprovalAction.Complete => Complete(current, actor, completeness, reason),
            ApprovalAction.Approve => Advance(current, ApprovalState.Completed, ApprovalState.Approved, actor, MayApprove(actor), "approve it (needs an approver of the parent or above)"),
            ApprovalAction.Accept => Advance(current, ApprovalState.Approved, ApprovalState.Accepted, actor, MayAccept(actor), "accept it (needs an approver two levels up or of the province)"),
            _ => Reopen(current, actor),
        };
    }

    /// <summary>Whether values of a (unit, period) in this state, or below a unit in this state, may no longer change.</summary>
    public static bool Locks(ApprovalState state) => state is ApprovalState.Approved or ApprovalState.Accepted;

    /// <summary>
    /// The reason a submission to a locked period is refused: what locked it (the unit and the approved period, which
    /// may contain the submitted one: an approved quarter locks its months), who, and when (Chinese, then English: it
    /// reaches JSON clients and the console alike).
    /// </summary>
    public static string LockReason(string lockedUnit, string lockedPeriod, string submittedPeriod, ApprovalState state, string by, DateTimeOffset at)
    {
        var within = lockedPeriod == submittedPeriod ? "" : $"（{submittedPeriod} 属于该期）";
        var withinEn = lockedPeriod == submittedPeriod ? "" : $", which contains {submittedPeriod}";
        return $"{lockedUnit} 的 {lockedPeriod} 期数据已{(state == ApprovalState.Accepted ? "验收" : "审核")}锁定{within}（{by}，{at:yyyy-MM-dd HH:mm:ss}Z），须审核人退回后才能修改 / " +
            $"period {lockedPeriod} of unit {lockedUnit} is {state.ToWireName()}{withinEn} (by {by} at {at:yyyy-MM-dd HH:mm:ss}Z); an approver must reopen it first";
    }

    /// <summary>Reporting completeness over a unit's series: the share of expected reports that arrived, each series capped at 100%.</summary>
    public static double? Completeness(IEnumerable<(int Expected, int Reported)> series)
    {
        long expected = 0, reported = 0;
        foreach (var (e, r) in series)
        {
            if (e <= 0) continue;
            expected += e;
            reported += Math.Min(e, Math.Max(0, r));
        }
        return expected == 0 ? null : (double)reported / expected;
    }

    private static bool MayApprove(ApprovalActor actor) => actor.Role.Includes(Role.Approver) && actor.LevelsAbove >= ApproveLevels;

    private static bool MayAccept(ApprovalActor actor) =>
        actor.Role.Includes(Role.Approver) && (actor.LevelsAbove >= AcceptLevels || (actor.AtStop && actor.LevelsAbove >= ApproveLevels));

    private static ApprovalDecision Complete(ApprovalState current, ApprovalActor actor, double? completeness, string? reason)
    {
        if (!actor.Role.Includes(Role.Submitter)) return ApprovalDecision.Refuse(ApprovalRefusal.NotAllowed, $"role {actor.Role.ToWireName()} may not complete a period (needs submitter)");
        if (current != ApprovalState.Open) return WrongState(current, ApprovalAction.Complete, ApprovalState.Open);
        if (completeness is < 1 && string.IsNullOrWhiteSpace(reason))
            return ApprovalDecision.Refuse(ApprovalRefusal.ReasonRequired,
                $"reporting is {completeness:P1} complete; completing below 100% needs a reason");
        return ApprovalDecision.Allow(ApprovalState.Completed);
    }

    private static ApprovalDecision Advance(ApprovalState current, ApprovalState from, ApprovalState to, ApprovalActor actor, bool allowed, string what)
    {
        if (!allowed) return ApprovalDecision.Refuse(ApprovalRefusal.NotAllowed, $"{actor.Name} may not {what}");
        if (current != from) return WrongState(current, to == ApprovalState.Approved ? ApprovalAction.Approve : ApprovalAction.Accept, from);
        return ApprovalDecision.Allow(to);
    }

    /// <summary>Re-opening undoes a sign-off, so it needs the authority that gave it: accept-level for an accepted period.</summary>
    private static ApprovalDecision Reopen(ApprovalState current, ApprovalActor actor)
    {
        var allowed = current == ApprovalState.Accepted ? MayAccept(actor) : MayApprove(actor);
        if (!allowed)
            return ApprovalDecision.Refuse(ApprovalRefusal.NotAllowed,
                $"{actor.Name} may not reopen a {current.ToWireName()} period (needs an approver {(current == ApprovalState.Accepted ? "two levels up or of the province" : "of the parent or above")})");
        if (current == ApprovalState.Open) return ApprovalDecision.Refuse(ApprovalRefusal.WrongState, "the period is already open");
        return ApprovalDecision.Allow(ApprovalState.Open);
    }

    private static ApprovalDecision WrongState(ApprovalState current, ApprovalAction action, ApprovalState needed) =>
        ApprovalDecision.Refuse(ApprovalRefusal.WrongState, $"cannot {action.ToWireName()}: the period is {current.ToWireName()}, not {needed.ToWireName()}");
}
