using KpiMesh.Abstractions;
using KpiMesh.Domain.Assessment;
using KpiMesh.Domain.Scorecards;
using KpiMesh.Grains;

namespace KpiMesh.Server.Services;

/// <summary>
/// Applications for demonstration sites and health stations: the application grain takes each step by the domain's
/// rules; this rolls the result up (through the submission log, so the audit trail records who took each step) and
/// keeps the rubric's list of applications current.
/// </summary>
public sealed class AssessmentService(IGrainFactory grains, SiloUnitDirectory directory, SubmissionIngestor ingestor)
{
    public async Task<ApplicationOutcome> StepAsync(string unit, IScorecardRubric rubric, int year, ApplicationCommand command, CancellationToken cancellationToken)
    {
        var outcome = await grains.GetGrain<IApplicationGrain>(IApplicationGrain.KeyOf(unit, rubric.Id, year)).Do(command);
        if (outcome.Application is not { } record) return outcome;
        // Every option is written at every step (whole, never a delta), so a step that failed to roll up is made
        // good by the next one, and a retried one changes nothing.
        var app = ApplicationMapping.ToDomain(record);
        await ingestor.IngestComputedAsync(AssessmentRollup.Submissions(rubric, app), command.By, cancellationToken);
        await grains.GetGrain<IApplicationIndexGrain>(rubric.Id).Keep(new ApplicationLine(app.Unit, app.Year, record.Stage,
            rubric.Score(app.Self).Sheet?.Total, app.OnSite is null ? null : rubric.Score(app.OnSite).Sheet?.Total, app.RectifyBy, app.NamedOn, record.Version));
        return outcome;
    }

    public Task<ApplicationRecord?> GetAsync(string unit, IScorecardRubric rubric, int year) =>
        grains.GetGrain<IApplicationGrain>(IApplicationGrain.KeyOf(unit, rubric.Id, year)).Get();

    /// <summary>One year's counts for a subtree, read from the unit's rolled-up total.</summary>
    public async Task<AssessmentSummary> SummariseAsync(string code, IScorecardRubric rubric, int year)
    {
        var total = SeriesCell.ToContribution((await grains.Unit(code).GetTotals()).Cells);
        return AssessmentRollup.Summarise(rubric, year, total);
    }

    /// <summary>The applications of the subtree under <paramref name="code"/>, from the rubric's list.</summary>
    public async Task<IReadOnlyList<ApplicationLine>> ListAsync(string code, IScorecardRubric rubric)
    {
        var lines = await grains.GetGrain<IApplicationIndexGrain>(rubric.Id).List();
        return directory.Read(d => lines.Where(l => l.Unit == code || d.Ancestors(l.Unit).Any(a => a.Code == code))
            .OrderBy(l => l.Unit, StringComparer.Ordinal).ThenBy(l => l.Year).ToList());
    }
}
