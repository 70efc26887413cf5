using KpiMesh.Abstractions;
using KpiMesh.Domain.Approvals;
using KpiMesh.Domain.Submissions;
using KpiMesh.Grains;

namespace KpiMesh.Server.Services;

/// <summary>
/// Which submissions an approval locks: a value for (unit, period) is refused when that unit, or any unit above it,
/// is approved or accepted for a period containing that period (the month itself, its quarter or its year: domain
/// <see cref="ReportingPeriod.Enclosing"/>), since its value is part of every total above it. Periods are compared
/// as periods, not as text. One grain call per batch, with the batch's units and ancestors and the periods enclosing
/// its periods.
/// </summary>
public sealed class ApprovalLocks(IGrainFactory grains, SiloUnitDirectory directory)
{
    /// <summary>The refusal reason for each locked (unit, period) among <paramref name="items"/>; empty when none is locked.</summary>
    public async Task<IReadOnlyDictionary<(string Unit, string Period), string>> ReasonsAsync(IEnumerable<(string Unit, string Period)> items)
    {
        // Periods that do not parse are refused by submission validation, not here.
        var distinct = items.Distinct().Where(i => ReportingPeriod.TryParse(i.Period, out _)).ToList();
        if (distinct.Count == 0) return new Dictionary<(string, string), string>();
        // Every unit whose sign-off could lock an item: the items' units and their ancestors. An ancestor already in the
        // set has its own ancestors in it too, so each path is walked only as far as the first unit seen before.
        var units = directory.Read(d =>
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (unit, _) in distinct)
                if (set.Add(unit))
                    foreach (var ancestor in d.Ancestors(unit))
                        if (!set.Add(ancestor.Code)) break;
            return set;
        });
        var enclosing = distinct.Select(i => i.Period).Distinct()
            .ToDictionary(p => p, p => ReportingPeriod.Parse(p).Enclosing().Select(e => e.Text).ToList());
        var locked = (await grains.GetGrain<IApprovalGrain>(IApprovalGrain.Key).FindLocks(
                [.. units], [.. enclosing.Values.SelectMany(p => p).Distinct()]))
            .ToDictionary(e => (e.Unit, e.Period));
        var reasons = new Dictionary<(string, string), string>();
        if (locked.Count == 0) return reasons;
        foreach (var item in distinct)
        {
            var chain = directory.Read(d => (IReadOnlyList<string>)[item.Unit, .. d.Ancestors(item.Unit).Select(a => a.Code)]);
            // The nearest locked unit, and its narrowest locked period, name the sign-off the clerk must ask to have re-opened.
            var entry = chain.SelectMany(unit => enclosing[item.Period].Select(p => locked.GetValueOrDefault((unit, p)))).FirstOrDefault(e => e is not null);
            if (entry is null) continue;
            ApprovalWire.TryParseState(entry.State, out var state);
            reasons[item] = ApprovalRules.LockReason(entry.Unit, entry.Period, item.Period, state, entry.By ?? "?", entry.At ?? default);
        }
        return reasons;
    }
}
