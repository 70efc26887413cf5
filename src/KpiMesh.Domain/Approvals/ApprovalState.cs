namespace KpiMesh.Domain.Approvals;

/// <summary>
/// Where a unit's reporting period stands. Seed 001 (五、实施步骤): 基层单位……认真进行对照检查 (the unit checks itself:
/// <see cref="Completed"/>), then 省政研会在……初步审核的基础上 (the levels above review it: <see cref="Approved"/> by the
/// parent, <see cref="Accepted"/> two levels up or by the province).
/// </summary>
public enum ApprovalState
{
    Open,
    Completed,
    Approved,
    Accepted,
}

public enum ApprovalAction
{
    Complete,
    Approve,
    Accept,
    Reopen,
}

/// <summary>Why a transition was refused, so the API can answer the right status.</summary>
public enum ApprovalRefusal
{
    /// <summary>The caller stands too low in the hierarchy or has too weak a role (403).</summary>
    NotAllowed,

    /// <summary>The period is not in the state the action starts from (409).</summary>
    WrongState,

    /// <summary>Completing with reporting below 100% needs a reason (422).</summary>
    ReasonRequired,
}

public static class ApprovalWire
{
    public static string ToWireName(this ApprovalState state) => state.ToString().ToLowerInvariant();

    public static string ToWireName(this ApprovalAction action) => action.ToString().ToLowerInvariant();

    public static bool TryParseState(string? text, out ApprovalState state)
    {
        state = default;
        return text is "open" or "completed" or "approved" or "accepted" && Enum.TryParse(text, ignoreCase: true, out state);
    }

    public static bool TryParseAction(string? text, out ApprovalAction action)
    {
        action = default;
        return text is "complete" or "approve" or "accept" or "reopen" && Enum.TryParse(text, ignoreCase: true, out action);
    }
}
