using KpiMesh.Abstractions;
using KpiMesh.Domain.Approvals;
using KpiMesh.Grains;

namespace KpiMesh.Server.Services;

/// <summary>
/// Which submissions an approval locks: a value for (unit, period) is refused when that unit, or any unit above it,
/// is approved or accepted for that period, since its value is part of every total above it. One grain call per batch.
/// </summary>
public sealed class ApprovalLocks(IGrainFactory grains, SiloUnitDirectory directory)
{
    /// <summary>The refusal reason for each locked (unit, period) among <paramref name="items"/>; empty when none is locked.</summary>
    public async Task<IReadOnlyDictionary<(string Unit, string Period), string>> ReasonsAsync(IEnumerable<(string Unit, string Period)> items)
    {
        var distinct = items.Distinct().ToList();
        if (distinct.Count == 0) return new Dictionary<(string, string), string>();
        var chains = directory.Read(d => distinct.ToDictionary(i => i,
            i => (IReadOnlyList<string>)[i.Unit, .. d.Ancestors(i.Unit).Select(a => a.Code)]));
        var keys = chains.SelectMany(c => c.Value.Select(u => new UnitPeriod(u, c.Key.Period))).Distinct().ToArray();
        var locked = (await grains.GetGrain<IApprovalGrain>(IApprovalGrain.Key).FindLocks(keys))
            .ToDictionary(e => (e.Unit, e.Period));
        var reasons = new Dictionary<(string, string), string>();
        if (locked.Count == 0) return reasons;
        foreach (var (item, chain) in chains)
        {
            // The nearest locked unit names the sign-off the clerk must ask to have re-opened.
            foreach (var unit in chain)
            {
                if (!locked.TryGetValue((unit, item.Period), out var entry)) continue;
                ApprovalWire.TryParseState(entry.State, out var state);
                reasons[item] = ApprovalRules.LockReason(unit, item.Period, state, entry.By ?? "?", entry.At ?? default);
                break;
            }
        }
        return reasons;
    }
}
