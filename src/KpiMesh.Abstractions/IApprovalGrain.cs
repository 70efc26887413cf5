namespace KpiMesh.Abstractions;

/// <summary>One transition of a (unit, period), kept for the audit trail.</summary>
[GenerateSerializer, Immutable, Alias("kpimesh.ApprovalTransitionData")]
public sealed record ApprovalTransitionData(
    string From, string To, string Action, string By, DateTimeOffset At, string? Reason);

/// <summary>
/// The approval of one (unit, period). <paramref name="SignedOff"/> is the unit's whole subtree total when it was
/// approved (kept while approved or accepted, for <c>?approved=true</c> reads); null otherwise.
/// </summary>
[GenerateSerializer, Immutable, Alias("kpimesh.ApprovalEntry")]
public sealed record ApprovalEntry(
    string Unit, string Period, string State, string? By, DateTimeOffset? At, string? Reason, SeriesCell[]? SignedOff,
    ApprovalTransitionData[] History);

/// <summary>
/// What an actor asks for; who they are relative to the unit, and <paramref name="Final"/> (the last state of the unit's
/// chain under the programme), are worked out by the gateway from the hierarchy and the programme.
/// </summary>
[GenerateSerializer, Immutable, Alias("kpimesh.ApprovalCommand")]
public sealed record ApprovalCommand(
    string Unit, string Period, string Action, string Actor, string Role, int? LevelsAbove, bool AtStop,
    double? Completeness, string? Reason, SeriesCell[]? Totals, string Final);

/// <param name="Refusal">null when applied; else the domain's refusal kind (not_allowed, wrong_state, reason_required).</param>
[GenerateSerializer, Immutable, Alias("kpimesh.ApprovalOutcome")]
public sealed record ApprovalOutcome(ApprovalEntry Entry, string? Refusal, string? Reason);

/// <summary>
/// The single writer of every (unit, period)'s approval (key <see cref="Key"/>): transitions are judged one at a time
/// against the state they start from, so two approvers cannot both act on a stale view. Approvals are human actions
/// (a few per unit and month), so one grain holds them all; submissions ask it once per batch which periods are locked.
/// </summary>
[Alias("kpimesh.IApprovalGrain")]
public interface IApprovalGrain : IGrainWithStringKey
{
    public const string Key = "approvals";

    [Alias("Get")]
    Task<ApprovalEntry> Get(string unit, string period);

    [Alias("Act")]
    Task<ApprovalOutcome> Act(ApprovalCommand command);

    /// <summary>
    /// The entries that lock their subtree (approved or accepted) for any of <paramref name="units"/> and any of
    /// <paramref name="periods"/>. Asked once per submission batch with its units, their ancestors and the periods
    /// enclosing its periods: separate lists, not every (unit, period) pair, which was thousands of keys a batch.
    /// </summary>
    [Alias("FindLocks")]
    Task<ApprovalEntry[]> FindLocks(string[] units, string[] periods);

    /// <summary>The entries of these units for one period (units never acted on are left out).</summary>
    [Alias("List")]
    Task<ApprovalEntry[]> List(string period, string[] units);

    /// <summary>Every locked entry of one period, with its signed-off totals.</summary>
    [Alias("Locked")]
    Task<ApprovalEntry[]> Locked(string period);
}

[GenerateSerializer, Immutable, Alias("kpimesh.UnitPeriod")]
public readonly record struct UnitPeriod(string Unit, string Period);
