using KpiMesh.Grains;
using KpiMesh.Grains.Services;
using System.Diagnostics;
using KpiMesh.Grains.Telemetry;
using KpiMesh.Domain.Access;
using KpiMesh.Abstractions;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Submissions;
using KpiMesh.Grains.Log;

namespace KpiMesh.Server.Services;

/// <summary>
/// Takes a batch of submissions: judges each on its own (domain), appends the valid ones to the submission log in
/// one round trip, then sends them to their units' grains, one call per unit. The log comes first so that what a
/// grain holds is always in the log: if the log cannot be written nothing is applied; if a grain cannot take its
/// items, they are retried in the background and the caller is told to retry (ids make that safe).
/// </summary>
public sealed class SubmissionIngestor(
    IGrainFactory grains, SiloUnitDirectory directory, ProgrammeCache programmes, ISubmissionLog log, PendingApplies pending, KpiMeshMetrics metrics,
    ApprovalLocks locks, CheckpointLag lag)
{
    public async Task<SubmissionResult> IngestAsync(
        IReadOnlyList<SubmissionInput> inputs, IReadOnlyList<RejectedItem> alreadyRejected, Principal principal, CancellationToken cancellationToken = default)
    {
        var rejected = new List<RejectedItem>(alreadyRejected);
        var rejectedIndexes = alreadyRejected.Select(r => r.Index).ToHashSet();
        foreach (var _ in alreadyRejected) metrics.Rejected(RejectionReason.Malformed.ToWireName());

        // Codes this silo has not seen may have been imported through another silo a moment ago: catch up once.
        if (inputs.Any(i => i.Unit is { } code && UnitCode.IsWellFormed(code) && directory.Find(code) is null))
            await directory.CatchUpAsync();

        // A batch that writes for any unit outside the caller's subtree is refused whole: that is a misdirected
        // upload, not a bad value, and applying the rest would hide it.
        if (principal.Scope is not null)
        {
            var denial = directory.Read(d => inputs.Select(i => i.Unit).Where(u => u is not null && UnitCode.IsWellFormed(u) && d.Find(u) is not null)
                .Distinct().Select(u => AccessPolicy.Denial(principal, Permission.Submit, u!, d)).FirstOrDefault(reason => reason is not null));
            if (denial is not null) return SubmissionResult.Refused(denial);
        }
        var submittedBy = principal.Name;
        var catalog = (await programmes.GetAsync()).Programme.Catalog;
        var validator = new SubmissionValidator(catalog, directory.Find, code => directory.Read(d => d.Ancestors(code).Select(a => a.Code).ToList()));
        var valid = new List<(int Index, ValidSubmission Submission)>();
        for (var index = 0; index < inputs.Count; index++)
        {
            if (rejectedIndexes.Contains(index)) continue;
            var (submission, error, reason) = validator.Judge(inputs[index]);
            if (submission is null)
            {
                rejected.Add(new RejectedItem(index, error!));
                metrics.Rejected(reason.ToWireName());
            }
            else valid.Add((index, submission));
        }

        // Approved figures are signed off upwards: a value for a locked (unit, period) would change them silently.
        var lockReasons = await locks.ReasonsAsync(valid.Select(v => (v.Submission.Unit, v.Submission.Period.Text)));
        if (lockReasons.Count > 0)
        {
            valid.RemoveAll(v =>
            {
                if (!lockReasons.TryGetValue((v.Submission.Unit, v.Submission.Period.Text), out var why)) return false;
                rejected.Add(new RejectedItem(v.Index, why));
                metrics.Rejected(RejectionReason.Locked.ToWireName());
                return true;
            });
        }

        return await LogAndApplyAsync(valid, rejected, submittedBy, cancellationToken);
    }

    /// <summary>
    /// Values KpiMesh computed itself from a report it judged (platform reports, scorecards): they skip the catalog
    /// check that refuses computed indicators from clients, and otherwise take the same path, log first.
    /// </summary>
    public Task<SubmissionResult> IngestComputedAsync(IReadOnlyList<ValidSubmission> computed, string submittedBy, CancellationToken cancellationToken = default) =>
        LogAndApplyAsync(computed.Select((s, i) => (i, s)).ToList(), [], submittedBy, cancellationToken);

    private async Task<SubmissionResult> LogAndApplyAsync(
        List<(int Index, ValidSubmission Submission)> valid, List<RejectedItem> rejected, string submittedBy, CancellationToken cancellationToken)
    {
        // Refused before anything is written while a restart would have too much to replay (README "Recovery").
        if (valid.Count > 0) lag.ThrowIfStalled();
        var started = Stopwatch.GetTimestamp();
        var logged = valid.Count == 0 ? [] : await log.AppendAsync(valid.Select(v => v.Submission).ToList(), submittedBy, cancellationToken);
        if (logged.Count > 0) lag.Appended(logged.Max(l => l.Sequence));
        if (valid.Count > 0) metrics.LogAppended(Stopwatch.GetElapsedTime(started));
        var toApply = new List<(int Index, ValidSubmission Submission, long Sequence)>();
        var duplicatesInLog = 0;
        for (var i = 0; i < valid.Count; i++)
        {
            var (outcome, sequence) = logged[i];
            if (outcome == LogOutcome.Conflict)
            {
                rejected.Add(new RejectedItem(valid[i].Index, "id was already used for a different submission"));
                metrics.Rejected(RejectionReason.IdConflict.ToWireName());
            }
            else toApply.Add((valid[i].Index, valid[i].Submission, sequence));
            if (outcome == LogOutcome.Duplicate) duplicatesInLog++;
        }

        CountAccepted(toApply.Select(a => a.Submission.Unit));
        var outcomes = await ApplyAsync(toApply);
        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new SubmissionResult(
            Accepted: toApply.Count,
            Applied: outcomes.Count(o => o == SubmissionOutcome.Applied),
            Duplicates: duplicatesInLog,
            Superseded: outcomes.Count(o => o == SubmissionOutcome.Superseded),
            Rejected: rejected);
    }

    private void CountAccepted(IEnumerable<string> units)
    {
        foreach (var (county, count) in directory.Read(d => units.GroupBy(u => CountyOf(d, u)).Select(g => (g.Key, g.LongCount())).ToList()))
            metrics.Accepted(county, count);
    }

    private static string CountyOf(UnitDirectory directory, string unit) =>
        directory.Find(unit) is { Level: UnitLevel.County } county ? county.Code
            : directory.Ancestors(unit).FirstOrDefault(a => a.Level == UnitLevel.County)?.Code ?? "-";

    /// <summary>
    /// Units one request sends to at once. A county's month-end batch touches thousands of units, each activation
    /// reading its state; unbounded, one request would take every storage connection from everyone else.
    /// </summary>
    private const int UnitsAtOnce = 32;

    private async Task<List<SubmissionOutcome>> ApplyAsync(List<(int Index, ValidSubmission Submission, long Sequence)> items)
    {
        using var gate = new SemaphoreSlim(UnitsAtOnce);
        var calls = items.GroupBy(i => i.Submission.Unit).Select(async group =>
        {
            await gate.WaitAsync();
            var batch = group.Select(i => new SubmissionItem(i.Submission.Key.Indicator, i.Submission.Key.Option, i.Submission.Numerator,
                i.Submission.Denominator, i.Submission.Period.Text, i.Submission.Id, i.Sequence)).ToArray();
            try
            {
                return await grains.Unit(group.Key).Submit(batch);
            }
            catch
            {
                pending.Enqueue(group.Key, batch);
                throw;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        try
        {
            return (await Task.WhenAll(calls)).SelectMany(o => o).ToList();
        }
        catch (Exception error)
        {
            throw new StorageUnavailableException("the submissions are logged but not all units could take them yet; they are being retried", error);
        }
    }
}
