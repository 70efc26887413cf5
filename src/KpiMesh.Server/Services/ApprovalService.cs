using KpiMesh.Abstractions;
using KpiMesh.Domain.Access;
using KpiMesh.Domain.Approvals;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Reports;
using KpiMesh.Grains;
using KpiMesh.Grains.Services;

namespace KpiMesh.Server.Services;

/// <summary>A child's approval and completeness for one period, as its parent shows it.</summary>
public sealed record ChildApproval(UnitSummary Unit, ApprovalEntry Approval, double? Completeness);

/// <summary>
/// Approval of a unit's reporting period: works out who the actor is relative to the unit (domain
/// <see cref="ApprovalActor"/>), the unit's completeness and, for an approval, the subtree total being signed off;
/// the <see cref="IApprovalGrain"/> judges the transition against the current state.
/// </summary>
public sealed class ApprovalService(IGrainFactory grains, SiloUnitDirectory directory, ProgrammeCache programmes, UnitReportService reports, TimeProvider clock)
{
    private IApprovalGrain Book => grains.GetGrain<IApprovalGrain>(IApprovalGrain.Key);

    public Task<ApprovalEntry> GetAsync(string unit, string period) => Book.Get(unit, period);

    /// <summary>The last state of the unit's approval chain under the programme in force (where its sign-off ends).</summary>
    public async Task<ApprovalState> FinalAsync(string unit)
    {
        var stopsAt = (await programmes.GetAsync()).Programme.ApprovalStopsAt;
        return directory.Read(d => ApprovalChain.Final(unit, d, stopsAt));
    }

    public async Task<ApprovalOutcome> ActAsync(string unit, string period, ApprovalAction action, string? reason, Principal principal)
    {
        var stopsAt = (await programmes.GetAsync()).Programme.ApprovalStopsAt;
        var (actor, final) = directory.Read(d => (ApprovalActor.For(principal, unit, d, stopsAt), ApprovalChain.Final(unit, d, stopsAt)));
        var totals = await grains.Unit(unit).GetTotals();
        var report = reports.Build(unit, totals);
        var completeness = ApprovalRules.Completeness(report.Indicators.Select(r => (r.ExpectedUnits, r.ReportedUnits)));
        return await Book.Act(new ApprovalCommand(unit, period, action.ToWireName(), actor.Name, actor.Role.ToWireName(), actor.LevelsAbove,
            actor.AtStop, completeness, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            action == ApprovalAction.Approve ? totals.Cells : null, final.ToWireName()));
    }

    /// <summary>The unit's own completeness now (what <c>complete</c> is judged on).</summary>
    public async Task<double?> CompletenessAsync(string unit) =>
        ApprovalRules.Completeness((await reports.GetAsync(unit)).Indicators.Select(r => (r.ExpectedUnits, r.ReportedUnits)));

    /// <summary>Every direct child's approval state and completeness for the period.</summary>
    public async Task<IReadOnlyList<ChildApproval>> ChildrenAsync(string unit, string period)
    {
        var held = (await grains.Unit(unit).GetChildTotals()).ToDictionary(c => c.Code, c => c.Cells, StringComparer.Ordinal);
        var children = directory.Read(d => d.ChildrenOf(unit).Select(c => d.Find(c)!).ToList());
        var entries = (await Book.List(period, children.Select(c => c.Code).ToArray())).ToDictionary(e => e.Unit, StringComparer.Ordinal);
        var view = await programmes.GetAsync();
        return directory.Read(d =>
        {
            var builder = new UnitReportBuilder(view.Programme, d, view.Programme.Today(clock.GetUtcNow()));
            return children.Select(child =>
            {
                var rows = builder.Build(child.Code, SeriesCell.ToContribution(held.GetValueOrDefault(child.Code) ?? []));
                var entry = entries.GetValueOrDefault(child.Code)
                    ?? new ApprovalEntry(child.Code, period, ApprovalState.Open.ToWireName(), null, null, null, null, []);
                return new ChildApproval(UnitSummary.From(child), entry, ApprovalRules.Completeness(rows.Select(r => (r.ExpectedUnits, r.ReportedUnits))));
            }).ToList();
        });
    }

    /// <summary>
    /// The unit's report over approved data only: the sum of the signed-off totals of the top-most approved units of
    /// its subtree for the period (domain <see cref="ApprovedRollup"/>); <c>asOf</c> is the latest of those sign-offs.
    /// </summary>
    public async Task<UnitReport> ApprovedReportAsync(string unit, string period)
    {
        var locked = (await Book.Locked(period)).ToDictionary(e => e.Unit, StringComparer.Ordinal);
        var top = directory.Read(d => ApprovedRollup.TopMost(unit, locked.Keys, d));
        var signedOff = top.Select(u => locked[u]).ToList();
        var sum = ApprovedRollup.Sum(signedOff.Select(e => SeriesCell.ToContribution(e.SignedOff ?? [])));
        await programmes.GetAsync(); // the programme (targets) the report is judged against, up to date
        return reports.Build(unit, new UnitTotals(SeriesCell.FromContribution(sum), [], signedOff.Max(e => e.At), clock.GetUtcNow()));
    }
}
