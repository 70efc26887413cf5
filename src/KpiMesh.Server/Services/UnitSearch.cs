using KpiMesh.Domain.Access;
using KpiMesh.Grains;

namespace KpiMesh.Server.Services;

/// <summary>Finding units for pickers, in this silo's copy of the hierarchy (no grain call).</summary>
public sealed class UnitSearch(SiloUnitDirectory directory)
{
    /// <summary>Units whose code starts with, or whose name contains, the query, higher levels first; only those the principal may read.</summary>
    public IReadOnlyList<UnitSummary> Search(string query, int limit, Principal principal) =>
        directory.Read(d => d.Units
            .Where(u => u.Code.StartsWith(query, StringComparison.Ordinal) || u.Name.Contains(query, StringComparison.Ordinal))
            .Where(u => AccessPolicy.CanSee(principal, u.Code, d))
            .OrderBy(u => u.Level).ThenBy(u => u.Code, StringComparer.Ordinal)
            .Take(limit)
            .Select(UnitSummary.From)
            .ToList());
}
