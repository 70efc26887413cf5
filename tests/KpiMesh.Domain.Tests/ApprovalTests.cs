using KpiMesh.Domain.Access;
using KpiMesh.Domain.Approvals;

namespace KpiMesh.Domain.Tests;

/// <summary>The approval state machine of a (unit, period): every transition, every refusal, and who stands where.</summary>
public sealed class ApprovalTests
{
    private static readonly Hierarchy.UnitDirectory Directory = TestHierarchy.Load();
    private const string Town = "130102001";

    private static ApprovalActor Actor(Role role, string? scope, string unit = Town, Hierarchy.UnitLevel stopsAt = Hierarchy.UnitLevel.Province) =>
        ApprovalActor.For(new Principal($"{role}@{scope ?? "*"}", role, scope), unit, Directory, stopsAt);

    private static ApprovalDecision Decide(ApprovalState from, ApprovalAction action, ApprovalActor actor, double? completeness = 1, string? reason = null,
        ApprovalState final = ApprovalState.Accepted) =>
        ApprovalRules.Decide(from, action, actor, completeness, reason, final);

    [Fact]
    public void The_actor_is_placed_by_how_far_above_the_unit_its_subtree_starts()
    {
        Assert.Equal(0, Actor(Role.Submitter, Town).LevelsAbove);
        Assert.Equal(1, Actor(Role.Approver, "130102").LevelsAbove);
        Assert.Equal(2, Actor(Role.Approver, "1301").LevelsAbove);
        Assert.True(Actor(Role.Approver, "13").AtStop);
        Assert.False(Actor(Role.Approver, "1301").AtStop);
        Assert.True(Actor(Role.Approver, "1301", stopsAt: Hierarchy.UnitLevel.City).AtStop);
        Assert.False(Actor(Role.Approver, "130102", stopsAt: Hierarchy.UnitLevel.City).AtStop);
        Assert.Equal(int.MaxValue, Actor(Role.Approver, null).LevelsAbove);
        Assert.Null(Actor(Role.Approver, "130104").LevelsAbove);
    }

    [Fact]
    public void A_submitter_of_the_unit_completes_an_open_period_when_reporting_is_complete()
    {
        Assert.Equal(ApprovalState.Completed, Decide(ApprovalState.Open, ApprovalAction.Complete, Actor(Role.Submitter, Town)).To);
        Assert.Equal(ApprovalState.Completed, Decide(ApprovalState.Open, ApprovalAction.Complete, Actor(Role.Submitter, "130102")).To);
        var viewer = Decide(ApprovalState.Open, ApprovalAction.Complete, Actor(Role.Viewer, Town));
        Assert.Equal(ApprovalRefusal.NotAllowed, viewer.Refusal);
        Assert.Equal(ApprovalRefusal.WrongState, Decide(ApprovalState.Completed, ApprovalAction.Complete, Actor(Role.Submitter, Town)).Refusal);
        Assert.Equal(ApprovalRefusal.NotAllowed, Decide(ApprovalState.Open, ApprovalAction.Complete, Actor(Role.Submitter, "130104")).Refusal);
    }

    [Fact]
    public void Completing_below_full_reporting_needs_a_reason()
    {
        var refused = Decide(ApprovalState.Open, ApprovalAction.Complete, Actor(Role.Submitter, Town), completeness: 0.5);
        Assert.Equal(ApprovalRefusal.ReasonRequired, refused.Refusal);
        Assert.Contains("50.0", refused.Reason);
        Assert.Equal(ApprovalRefusal.ReasonRequired, Decide(ApprovalState.Open, ApprovalAction.Complete, Actor(Role.Submitter, Town), 0.5, "  ").Refusal);
        Assert.Equal(ApprovalState.Completed, Decide(ApprovalState.Open, ApprovalAction.Complete, Actor(Role.Submitter, Town), 0.5, "村二 closed").To);
    }

    [Fact]
    public void An_approver_of_the_parent_or_above_approves_a_completed_period()
    {
        Assert.Equal(ApprovalState.Approved, Decide(ApprovalState.Completed, ApprovalAction.Approve, Actor(Role.Approver, "130102")).To);
        Assert.Equal(ApprovalState.Approved, Decide(ApprovalState.Completed, ApprovalAction.Approve, Actor(Role.Admin, "1301")).To);
        Assert.Equal(ApprovalRefusal.NotAllowed, Decide(ApprovalState.Completed, ApprovalAction.Approve, Actor(Role.Approver, Town)).Refusal);
        Assert.Equal(ApprovalRefusal.NotAllowed, Decide(ApprovalState.Completed, ApprovalAction.Approve, Actor(Role.Submitter, "130102")).Refusal);
        Assert.Equal(ApprovalRefusal.WrongState, Decide(ApprovalState.Open, ApprovalAction.Approve, Actor(Role.Approver, "130102")).Refusal);
        Assert.Equal(ApprovalRefusal.WrongState, Decide(ApprovalState.Approved, ApprovalAction.Approve, Actor(Role.Approver, "130102")).Refusal);
    }

    [Fact]
    public void Two_levels_up_or_the_province_accepts_an_approved_period()
    {
        Assert.Equal(ApprovalState.Accepted, Decide(ApprovalState.Approved, ApprovalAction.Accept, Actor(Role.Approver, "1301")).To);
        Assert.Equal(ApprovalRefusal.NotAllowed, Decide(ApprovalState.Approved, ApprovalAction.Accept, Actor(Role.Approver, "130102")).Refusal);
        // A city's grandparent is the nation: its province accepts it.
        Assert.Equal(ApprovalState.Accepted, Decide(ApprovalState.Approved, ApprovalAction.Accept, Actor(Role.Approver, "13", "1301")).To);
        Assert.Equal(ApprovalRefusal.WrongState, Decide(ApprovalState.Completed, ApprovalAction.Accept, Actor(Role.Approver, "1301")).Refusal);
    }

    [Theory]
    [InlineData("province", "13", "completed")]
    [InlineData("province", "1301", "approved")]
    [InlineData("province", "130102", "accepted")]
    [InlineData("province", "130102001001", "accepted")]
    [InlineData("city", "1301", "completed")]
    [InlineData("city", "130102", "approved")]
    [InlineData("city", "130102001", "accepted")]
    [InlineData("county", "130102001", "approved")]
    [InlineData("county", "130102001-SC1", "accepted")]
    [InlineData("town", "130102001-SC1", "approved")]
    public void The_chain_of_a_unit_ends_where_the_programme_stops_approval(string stopsAt, string unit, string final)
    {
        Assert.True(Hierarchy.UnitLevels.TryParse(stopsAt, out var level));
        Assert.Equal(final, ApprovalChain.Final(unit, Directory, level).ToWireName());
    }

    [Fact]
    public void No_step_is_signed_above_the_level_where_approval_stops()
    {
        const Hierarchy.UnitLevel city = Hierarchy.UnitLevel.City;
        var final = ApprovalChain.Final("130102", Directory, city);
        // A county under a programme that stops at the city: the city's approval is final, nobody accepts it, not even the province.
        var accept = Decide(ApprovalState.Approved, ApprovalAction.Accept, Actor(Role.Approver, "13", "130102", city), final: final);
        Assert.Equal(ApprovalRefusal.WrongState, accept.Refusal);
        Assert.Contains("final once approved", accept.Reason);
        Assert.Equal(ApprovalState.Approved, Decide(ApprovalState.Completed, ApprovalAction.Approve, Actor(Role.Approver, "1301", "130102", city), final: final).To);
        // The city itself is final once completed.
        Assert.Equal(ApprovalRefusal.WrongState,
            Decide(ApprovalState.Completed, ApprovalAction.Approve, Actor(Role.Approver, "13", "1301", city), final: ApprovalChain.Final("1301", Directory, city)).Refusal);
        // A village two levels below the stop: the town approves, the stop level (the city, three up) may accept as well as the county two up.
        var village = ApprovalChain.Final("130102001001", Directory, city);
        Assert.Equal(ApprovalState.Accepted, Decide(ApprovalState.Approved, ApprovalAction.Accept, Actor(Role.Approver, "130102", "130102001001", city), final: village).To);
        Assert.Equal(ApprovalState.Accepted, Decide(ApprovalState.Approved, ApprovalAction.Accept, Actor(Role.Approver, "1301", "130102001001", city), final: village).To);
        // Where approval stops at the county, a town is accepted by nobody, and the county approves it.
        var town = ApprovalChain.Final(Town, Directory, Hierarchy.UnitLevel.County);
        Assert.Equal(ApprovalRefusal.WrongState,
            Decide(ApprovalState.Approved, ApprovalAction.Accept, Actor(Role.Approver, "1301", Town, Hierarchy.UnitLevel.County), final: town).Refusal);
    }

    [Fact]
    public void Reopening_needs_the_authority_that_signed_the_period_off()
    {
        Assert.Equal(ApprovalState.Open, Decide(ApprovalState.Completed, ApprovalAction.Reopen, Actor(Role.Approver, "130102")).To);
        Assert.Equal(ApprovalState.Open, Decide(ApprovalState.Approved, ApprovalAction.Reopen, Actor(Role.Approver, "130102")).To);
        Assert.Equal(ApprovalRefusal.NotAllowed, Decide(ApprovalState.Accepted, ApprovalAction.Reopen, Actor(Role.Approver, "130102")).Refusal);
        Assert.Equal(ApprovalState.Open, Decide(ApprovalState.Accepted, ApprovalAction.Reopen, Actor(Role.Approver, "1301")).To);
        Assert.Equal(ApprovalRefusal.NotAllowed, Decide(ApprovalState.Approved, ApprovalAction.Reopen, Actor(Role.Submitter, Town)).Refusal);
        Assert.Equal(ApprovalRefusal.WrongState, Decide(ApprovalState.Open, ApprovalAction.Reopen, Actor(Role.Approver, "130102")).Refusal);
    }

    [Fact]
    public void Only_approved_and_accepted_lock()
    {
        Assert.Equal([ApprovalState.Approved, ApprovalState.Accepted], Enum.GetValues<ApprovalState>().Where(ApprovalRules.Locks));
    }

    [Fact]
    public void Completeness_caps_each_series_and_ignores_series_nobody_owes()
    {
        Assert.Equal(0.75, ApprovalRules.Completeness([(2, 1), (2, 5), (0, 3)]));
        Assert.Null(ApprovalRules.Completeness([(0, 0)]));
    }

    [Fact]
    public void The_approved_rollup_takes_the_top_most_approved_units_of_the_subtree_once_each()
    {
        string[] locked = ["130102001", "130102001001", "130102002001", "130104001001"];
        Assert.Equal(["130102001", "130102002001"], ApprovedRollup.TopMost("130102", locked, Directory));
        Assert.Equal(["130102001", "130102002001", "130104001001"], ApprovedRollup.TopMost("13", locked, Directory));
        Assert.Equal(["130102001"], ApprovedRollup.TopMost("130102001", locked, Directory));
        Assert.Empty(ApprovedRollup.TopMost("130104001002", locked, Directory));
    }
}
