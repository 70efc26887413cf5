using KpiMesh.Grains;
using KpiMesh.Domain.Text;
using KpiMesh.Abstractions;
using KpiMesh.Domain.Scorecards;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Server.Services;

/// <summary>
/// Scorecards: the domain scores a card and gives its verdict; the counts it implies go into the unit's rollup through
/// the submission log like any value, and the card itself is kept for reading back.
/// </summary>
public sealed class ScorecardService(IGrainFactory grains, SiloUnitDirectory directory, ScorecardCatalog rubrics, SubmissionIngestor ingestor, TimeProvider clock)
{
    /// <summary>Shorter than a submission id by the suffix that names each derived series.</summary>
    public const int MaxIdLength = SubmissionValidator.MaxIdLength - 24;

    /// <param name="UnknownRubric">The route named no rubric (404); other errors are the card's.</param>
    public sealed record SubmitResult(ScorecardCard? Card, string? Error, bool UnknownRubric = false);

    public async Task<SubmitResult> SubmitAsync(
        string code, string rubricId, ScorecardInput input, string? id, string submittedBy, CancellationToken cancellationToken)
    {
        if (rubrics.Find(rubricId) is not { } rubric) return new SubmitResult(null, $"unknown scorecard '{UserText.Clip(rubricId)}'", UnknownRubric: true);
        await directory.RequireAsync(code);
        if (SubmissionIds.Problem(id, MaxIdLength) is { } badId) return new SubmitResult(null, badId);
        var (result, error) = rubric.Evaluate(input);
        if (result is null) return new SubmitResult(null, error);

        await ingestor.IngestComputedAsync(ScorecardRollup.Submissions(rubric, code, result, id), submittedBy, cancellationToken);
        var card = new ScorecardCard(code, rubric.Id, result.Period, result.Score, result.SelfScore, result.Bonus, result.Verdict.ToWireName(),
            result.Bucket, result.SectionScores.ToDictionary(), input.Items.OrderBy(i => i.Key, StringComparer.Ordinal)
                .Select(i => new ScorecardItemScore(i.Key, i.Value.Grade, i.Value.Self, i.Value.Acceptance)).ToArray(),
            input.ConfidentialityBreach, submittedBy, clock.GetUtcNow());
        await grains.GetGrain<IScorecardGrain>(IScorecardGrain.KeyOf(code, rubric.Id)).Keep(card);
        return new SubmitResult(card, null);
    }

    public sealed record UnitScorecards(IReadOnlyList<(IScorecardRubric Rubric, ScorecardSummary Subtree, ScorecardCard? Own)> Rubrics);

    /// <summary>For every rubric: the subtree's counts and the unit's own card.</summary>
    public async Task<UnitScorecards> GetAsync(string code)
    {
        await directory.RequireAsync(code);
        var total = SeriesCell.ToContribution((await grains.GetGrain<IUnitGrain>(code).GetTotals()).Cells);
        var rows = new List<(IScorecardRubric, ScorecardSummary, ScorecardCard?)>();
        foreach (var rubric in rubrics.All)
            rows.Add((rubric, ScorecardRollup.Summarise(rubric, total),
                await grains.GetGrain<IScorecardGrain>(IScorecardGrain.KeyOf(code, rubric.Id)).Get()));
        return new UnitScorecards(rows);
    }
}
