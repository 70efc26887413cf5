using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Rollups;

namespace KpiMesh.Domain.Approvals;

/// <summary>
/// The figure a level reports upwards (<c>?approved=true</c>): the sum of the signed-off totals of the top-most
/// approved units in its subtree. Each approved unit's whole subtree total is frozen at approval (the lock keeps it
/// true), and top-most approved subtrees never overlap, so the sum counts every reporting unit at most once; units
/// outside any approved subtree add nothing, which shows as lower completeness rather than as a wrong rate.
/// </summary>
public static class ApprovedRollup
{
    /// <summary>Locked units in <paramref name="code"/>'s subtree (itself included) with no locked ancestor inside that subtree.</summary>
    public static IReadOnlyList<string> TopMost(string code, IReadOnlyCollection<string> locked, UnitDirectory directory)
    {
        var set = locked as IReadOnlySet<string> ?? locked.ToHashSet(StringComparer.Ordinal);
        if (set.Contains(code)) return [code];
        var top = new List<string>();
        foreach (var unit in set)
        {
            var inside = false;
            var covered = false;
            foreach (var ancestor in directory.Ancestors(unit))
            {
                if (set.Contains(ancestor.Code)) covered = true;
                if (ancestor.Code == code)
                {
                    inside = true;
                    break;
                }
            }
            if (inside && !covered) top.Add(unit);
        }
        top.Sort(StringComparer.Ordinal);
        return top;
    }

    public static Contribution Sum(IEnumerable<Contribution> signedOff) => Contribution.Sum(signedOff);
}
