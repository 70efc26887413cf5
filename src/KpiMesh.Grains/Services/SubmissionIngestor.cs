using KpiMesh.Abstractions;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Grains.Services;

/// <summary>
/// Takes a batch of submissions: judges each on its own (domain), sends the valid ones to their units' grains in
/// one call per unit, and reports what was accepted and what was rejected and why.
/// </summary>
public sealed class SubmissionIngestor(IGrainFactory grains, SiloUnitDirectory directory, IndicatorCatalog catalog)
{
    public async Task<SubmissionResult> IngestAsync(IReadOnlyList<SubmissionInput> inputs, IReadOnlyList<RejectedItem> alreadyRejected)
    {
        var rejected = new List<RejectedItem>(alreadyRejected);
        var rejectedIndexes = alreadyRejected.Select(r => r.Index).ToHashSet();

        // Codes this silo has not seen may have been imported through another silo a moment ago: catch up once.
        if (inputs.Any(i => i.Unit is { } code && UnitCode.IsWellFormed(code) && directory.Find(code) is null))
            await directory.CatchUpAsync();

        var validator = new SubmissionValidator(catalog, directory.Find);
        var byUnit = new Dictionary<string, List<(int Index, ValidSubmission Item)>>(StringComparer.Ordinal);
        for (var index = 0; index < inputs.Count; index++)
        {
            if (rejectedIndexes.Contains(index)) continue;
            var (valid, error) = validator.Validate(inputs[index]);
            if (valid is null) { rejected.Add(new RejectedItem(index, error!)); continue; }
            if (!byUnit.TryGetValue(valid.Unit, out var list)) byUnit[valid.Unit] = list = [];
            list.Add((index, valid));
        }

        var calls = byUnit.Select(async pair =>
        {
            var items = pair.Value.Select(v => new SubmissionItem(v.Item.Key.Indicator, v.Item.Key.Option, v.Item.Numerator,
                v.Item.Denominator, v.Item.Period.Text, v.Item.Id)).ToArray();
            var outcomes = await grains.GetGrain<IUnitGrain>(pair.Key).Submit(items);
            return pair.Value.Select((v, i) => (v.Index, Outcome: outcomes[i]));
        });
        var results = (await Task.WhenAll(calls)).SelectMany(r => r).ToList();

        foreach (var (index, outcome) in results.Where(r => r.Outcome == SubmissionOutcome.IdConflict))
            rejected.Add(new RejectedItem(index, "id was already used for a different submission"));
        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new SubmissionResult(
            Accepted: results.Count(r => r.Outcome != SubmissionOutcome.IdConflict),
            Applied: results.Count(r => r.Outcome == SubmissionOutcome.Applied),
            Duplicates: results.Count(r => r.Outcome == SubmissionOutcome.Duplicate),
            Superseded: results.Count(r => r.Outcome == SubmissionOutcome.Superseded),
            Rejected: rejected);
    }
}
