using KpiMesh.Abstractions;
using KpiMesh.Domain.Access;
using KpiMesh.Domain.Approvals;
using Orleans.Core;

namespace KpiMesh.Grains;

/// <summary>Keeps every (unit, period)'s approval; the rules are the domain's <see cref="ApprovalRules"/>.</summary>
public sealed class ApprovalGrain(TimeProvider clock) : Grain, IApprovalGrain
{
    private IStorage<ApprovalBookState> _state = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _state = await StoredState.ReadAsync<ApprovalBookState>(this, "approvals");

    public Task<ApprovalEntry> Get(string unit, string period) => Task.FromResult(EntryOf(new UnitPeriod(unit, period)));

    public async Task<ApprovalOutcome> Act(ApprovalCommand command)
    {
        var key = new UnitPeriod(command.Unit, command.Period);
        var entry = EntryOf(key);
        if (!ApprovalWire.TryParseAction(command.Action, out var action) || !Roles.TryParse(command.Role, out var role))
            throw new ArgumentException($"unknown action {command.Action} or role {command.Role}");
        ApprovalWire.TryParseState(entry.State, out var current);
        if (!ApprovalWire.TryParseState(command.Final, out var final)) throw new ArgumentException($"unknown final state {command.Final}");
        var decision = ApprovalRules.Decide(current, action, new ApprovalActor(command.Actor, role, command.LevelsAbove, command.AtStop),
            command.Completeness, command.Reason, final);
        if (decision.To is not { } to) return new ApprovalOutcome(entry, ToWire(decision.Refusal!.Value), decision.Reason);

        var at = clock.GetUtcNow();
        var signedOff = to switch
        {
            ApprovalState.Approved => command.Totals ?? [],
            ApprovalState.Accepted => entry.SignedOff,
            _ => null,
        };
        var transition = new ApprovalTransitionData(entry.State, to.ToWireName(), action.ToWireName(), command.Actor, at, command.Reason);
        var next = new ApprovalEntry(key.Unit, key.Period, to.ToWireName(), command.Actor, at, command.Reason, signedOff, [.. entry.History, transition]);
        _state.State.Entries[ApprovalBookState.KeyOf(key)] = next;
        _locksByUnit = null;
        await _state.WriteStateAsync();
        return new ApprovalOutcome(next, null, null);
    }

    public Task<ApprovalEntry[]> FindLocks(string[] units, string[] periods)
    {
        _locksByUnit ??= IndexLocks(_state.State.Entries.Values);
        if (_locksByUnit.Count == 0) return Task.FromResult<ApprovalEntry[]>([]);
        var found = new List<ApprovalEntry>();
        foreach (var unit in units)
            if (_locksByUnit.TryGetValue(unit, out var entries))
                found.AddRange(entries.Where(e => periods.Contains(e.Period)));
        return Task.FromResult(found.ToArray());
    }

    /// <summary>
    /// The locking entries by unit: every submission batch asks, and almost every unit it names has none, so a miss is
    /// one lookup without building a key. Rebuilt after each change (approvals are rare; batches are not).
    /// </summary>
    private Dictionary<string, ApprovalEntry[]>? _locksByUnit;

    private static Dictionary<string, ApprovalEntry[]> IndexLocks(IEnumerable<ApprovalEntry> entries) =>
        entries.Where(IsLocked).GroupBy(e => e.Unit, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    public Task<ApprovalEntry[]> List(string period, string[] units) =>
        Task.FromResult(units.Select(u => _state.State.Entries.GetValueOrDefault(ApprovalBookState.KeyOf(new UnitPeriod(u, period)))).OfType<ApprovalEntry>().ToArray());

    public Task<ApprovalEntry[]> Locked(string period) =>
        Task.FromResult(_state.State.Entries.Values.Where(e => e.Period == period && IsLocked(e)).ToArray());

    private ApprovalEntry EntryOf(UnitPeriod key) =>
        _state.State.Entries.GetValueOrDefault(ApprovalBookState.KeyOf(key)) ?? new ApprovalEntry(key.Unit, key.Period, ApprovalState.Open.ToWireName(), null, null, null, null, []);

    private static bool IsLocked(ApprovalEntry entry) => ApprovalWire.TryParseState(entry.State, out var s) && ApprovalRules.Locks(s);

    private static string ToWire(ApprovalRefusal refusal) => refusal switch
    {
        ApprovalRefusal.NotAllowed => "not_allowed",
        ApprovalRefusal.WrongState => "wrong_state",
        _ => "reason_required",
    };
}
