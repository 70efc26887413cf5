namespace KpiMesh.Abstractions;

/// <summary>One transition of a (unit, period), kept for the audit trail.</summary>
[GenerateSerializer, Immutable, Alias("kpimesh.ApprovalTransitionData")]
public sealed record ApprovalTransitionData(
    [property: Id(0)] string From,
    [property: Id(1)] string To,
    [property: Id(2)] string Action,
    [property: Id(3)] string By,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string? Reason);

/// <summary>
/// The approval of one (unit, period). <paramref name="SignedOff"/> is the unit's whole subtree total when it was
/// approved (kept while approved or accepted, for <c>?approved=true</c> reads); null otherwise.
/// </summary>
[GenerateSerializer, Immutable, Alias("kpimesh.ApprovalEntry")]
public sealed record ApprovalEntry(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Period,
    [property: Id(2)] string State,
    [property: Id(3)] string? By,
    [property: Id(4)] DateTimeOffset? At,
    [property: Id(5)] string? Reason,
    [property: Id(6)] SeriesCell[]? SignedOff,
    [property: Id(7)] ApprovalTransitionData[] History);

/// <summary>
/// What an actor asks for; who they are relative to the unit, and <paramref name="Final"/> (the last state of the unit's
/// chain under the programme), are worked out by the gateway from the hierarchy and the programme.
/// </summary>
[GenerateSerializer, Immutable, Alias("kpimesh.ApprovalCommand")]
public sealed record ApprovalCommand(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Period,
    [property: Id(2)] string Action,
    [property: Id(3)] string Actor,
    [property: Id(4)] string Role,
    [property: Id(5)] int? LevelsAbove,
    [property: Id(6)] bool AtStop,
    [property: Id(7)] double? Completeness,
    [property: Id(8)] string? Reason,
    [property: Id(9)] SeriesCell[]? Totals,
    [property: Id(10)] string Final);

/// <param name="Refusal">null when applied; else the domain's refusal kind (not_allowed, wrong_state, reason_required).</param>
[GenerateSerializer, Immutable, Alias("kpimesh.ApprovalOutcome")]
public sealed record ApprovalOutcome([property: Id(0)] ApprovalEntry Entry, [property: Id(1)] string? Refusal, [property: Id(2)] string? Reason);

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
public readonly record struct UnitPeriod([property: Id(0)] string Unit, [property: Id(1)] string Period);
