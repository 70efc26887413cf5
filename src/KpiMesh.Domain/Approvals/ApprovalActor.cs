using KpiMesh.Domain.Access;
using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Approvals;

/// <summary>
/// Who acts on a unit's period and how far above the unit they stand: <paramref name="LevelsAbove"/> is 0 when the
/// principal's subtree starts at the unit, 1 at its parent, and so on (<see cref="int.MaxValue"/> for the whole
/// tree); null when the unit is outside the principal's subtree. <paramref name="AtStop"/> is true when the
/// principal's subtree starts at or above the level where the programme's approval stops (the province by default)
/// above the unit: that level may accept whatever lies below it.
/// </summary>
public sealed record ApprovalActor(string Name, Role Role, int? LevelsAbove, bool AtStop)
{
    /// <param name="stopsAt">The programme's <see cref="Programmes.Programme.ApprovalStopsAt"/>.</param>
    public static ApprovalActor For(Principal principal, string unit, UnitDirectory directory, UnitLevel stopsAt = UnitLevel.Province)
    {
        if (principal.Scope is null) return new ApprovalActor(principal.Name, principal.Role, int.MaxValue, true);
        if (principal.Scope == unit) return new ApprovalActor(principal.Name, principal.Role, 0, false);
        var levels = 0;
        foreach (var ancestor in directory.Ancestors(unit))
        {
            levels++;
            if (ancestor.Code == principal.Scope)
                return new ApprovalActor(principal.Name, principal.Role, levels, ancestor.Level <= stopsAt);
        }
        return new ApprovalActor(principal.Name, principal.Role, null, false);
    }
}

/// <summary>
/// How far a unit's approval runs under the programme: the last state of its chain. The chain stops at the programme's
/// level (<see cref="Programmes.Programme.ApprovalStopsAt"/>, e.g. 省级验收: the province accepts), so no step is
/// signed above it: a unit whose parent is at the stop level is final once approved, one at or above it once completed.
/// </summary>
public static class ApprovalChain
{
    public static ApprovalState Final(string unit, UnitDirectory directory, UnitLevel stopsAt)
    {
        if (directory.Find(unit) is not { } node || node.Level <= stopsAt) return ApprovalState.Completed;
        var parent = directory.Ancestors(unit).FirstOrDefault();
        return parent is null || parent.Level <= stopsAt ? ApprovalState.Approved : ApprovalState.Accepted;
    }
}
