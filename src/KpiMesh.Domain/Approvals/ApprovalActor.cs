using KpiMesh.Domain.Access;
using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Approvals;

/// <summary>
/// Who acts on a unit's period and how far above the unit they stand: <paramref name="LevelsAbove"/> is 0 when the
/// principal's subtree starts at the unit, 1 at its parent, and so on (<see cref="int.MaxValue"/> for the whole
/// tree); null when the unit is outside the principal's subtree. <paramref name="AtProvince"/> is true when the
/// principal's subtree starts at a province (or higher) above the unit: the province may accept whatever lies below it.
/// </summary>
public sealed record ApprovalActor(string Name, Role Role, int? LevelsAbove, bool AtProvince)
{
    public static ApprovalActor For(Principal principal, string unit, UnitDirectory directory)
    {
        if (principal.Scope is null) return new ApprovalActor(principal.Name, principal.Role, int.MaxValue, true);
        if (principal.Scope == unit) return new ApprovalActor(principal.Name, principal.Role, 0, false);
        var levels = 0;
        foreach (var ancestor in directory.Ancestors(unit))
        {
            levels++;
            if (ancestor.Code == principal.Scope)
                return new ApprovalActor(principal.Name, principal.Role, levels, ancestor.Level <= UnitLevel.Province);
        }
        return new ApprovalActor(principal.Name, principal.Role, null, false);
    }
}
