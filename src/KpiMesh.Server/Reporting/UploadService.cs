using KpiMesh.Abstractions;
using KpiMesh.Domain.Access;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Reporting;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;
using KpiMesh.Grains;
using KpiMesh.Grains.Services;
using KpiMesh.Server.Services;

namespace KpiMesh.Server.Reporting;

/// <summary>What an upload would do or did (DHIS2's import summary).</summary>
public sealed record UploadSummary(bool DryRun, int New, int Updated, int Unchanged, IReadOnlyList<UploadRefusal> Refused, int Rows, bool Committed);

/// <summary>
/// Judges a filled template in chunks of rows (each value exactly as a JSON submission is judged, plus the approval
/// lock), counts what is new, updated and unchanged against the units' current values, and commits only when asked,
/// through <see cref="SubmissionIngestor"/> (log first), reading the file a second time so it is never held whole.
/// A file with any refused cell commits nothing unless <c>partial</c> is asked for.
/// </summary>
public sealed class UploadService(
    IGrainFactory grains, SiloUnitDirectory directory, ProgrammeCache programmes, SubmissionIngestor ingestor, ApprovalLocks locks, ILogger<UploadService> logger)
{
    public const int ChunkRows = 2_000;
    public const int MaxRows = 60_000;
    public const int MaxRefusalsListed = 1_000;

    public async Task<UploadSummary> RunAsync(
        UploadFile file, string subtree, string period, bool dryRun, bool partial, Principal principal, Language language, CancellationToken cancellationToken,
        UploadProgress? progress = null)
    {
        var catalog = (await programmes.GetAsync()).Programme.Catalog;
        // Only the columns of indicators that exist in this subtree: a sibling's scoped indicator makes it another subtree's template.
        var columns = directory.Read(d => TemplateColumns.For(TemplateColumns.InSubtree(catalog, subtree, d), UnitLevels.All.ToList()));
        var validator = new SubmissionValidator(catalog, directory.Find, code => directory.Read(d => d.Ancestors(code).Select(a => a.Code).ToList()));
        var refused = new List<UploadRefusal>();
        int created = 0, updated = 0, unchanged = 0, rows = 0;

        progress?.Begin(UploadProgress.Judging);
        await foreach (var chunk in Chunks(file, subtree, period, columns, language, progress, cancellationToken))
        {
            rows += chunk.Rows;
            refused.AddRange(chunk.Refused);
            var judged = new List<(UploadValue Value, ValidSubmission Submission)>();
            foreach (var value in chunk.Values)
            {
                var (submission, error, reason) = validator.Judge(value.Input);
                if (submission is null) refused.Add(new UploadRefusal(chunk.Sheet, value.Row, value.Column, UploadText.Item(language, reason, error!)));
                else judged.Add((value, submission));
            }
            var lockReasons = await locks.ReasonsAsync(judged.Select(j => (j.Submission.Unit, j.Submission.Period.Text)));
            var current = await CurrentAsync(judged.Select(j => j.Submission.Unit).Distinct().ToList());
            foreach (var (value, submission) in judged)
            {
                if (lockReasons.TryGetValue((submission.Unit, submission.Period.Text), out var why))
                {
                    refused.Add(new UploadRefusal(chunk.Sheet, value.Row, value.Column, UploadText.Item(language, RejectionReason.Locked, why)));
                    continue;
                }
                var held = current[submission.Unit][submission.Key];
                if (held.Reported == 0) created++;
                else if (held.Numerator == submission.Numerator && held.Denominator == submission.Denominator) unchanged++;
                else updated++;
            }
            if (rows % 10_000 < ChunkRows) logger.LogInformation("Upload {Hash} for {Unit}: {Rows} rows judged", file.Hash[..12], subtree, rows);
        }

        var commit = !dryRun && (refused.Count == 0 || partial);
        if (commit) await CommitAsync(file, subtree, period, columns, principal, language, progress, cancellationToken);
        refused.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Column, b.Column));
        return new UploadSummary(dryRun, created, updated, unchanged, refused.Take(MaxRefusalsListed).ToList(), rows, commit);
    }

    private async Task CommitAsync(UploadFile file, string subtree, string period, IReadOnlyList<TemplateColumn> columns, Principal principal,
        Language language, UploadProgress? progress, CancellationToken cancellationToken)
    {
        progress?.Begin(UploadProgress.Committing);
        await foreach (var chunk in Chunks(file, subtree, period, columns, language, progress, cancellationToken))
        {
            if (chunk.Values.Count == 0) continue;
            // Cells refused on the first pass are refused again here, item by item, so partial commits only the rest.
            await ingestor.IngestAsync(chunk.Values.Select(v => v.Input).ToList(), [], principal, cancellationToken);
        }
    }

    private sealed record Chunk(string Sheet, int Rows, List<UploadValue> Values, List<UploadRefusal> Refused);

    private async IAsyncEnumerable<Chunk> Chunks(UploadFile file, string subtree, string period, IReadOnlyList<TemplateColumn> columns,
        Language language, UploadProgress? progress, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        UploadLayout? layout = null;
        var chunk = new Chunk(UploadFile.CsvSheet, 0, [], []);
        var dataRows = 0;
        await directory.CatchUpAsync();
        foreach (var (sheet, row, cells) in file.Rows(progress))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (layout is null)
            {
                var (read, error) = UploadLayout.Read(cells, columns, language);
                layout = read ?? throw new UploadFileException(422, "Wrong template", error!);
                chunk = chunk with { Sheet = sheet };
                continue;
            }
            var unit = cells.Count > 0 ? cells[0]?.Trim() : null;
            if (string.IsNullOrEmpty(unit) || unit.StartsWith(UploadLayout.NoteMarker, StringComparison.Ordinal)) continue;
            if (++dataRows > MaxRows) throw new UploadFileException(413, "Upload too large", $"more than {MaxRows} rows: split the file by county");
            if (!InSubtree(unit, subtree))
                throw new UploadFileException(422, "Wrong template", $"{UploadText.OutsideSubtree(language, Domain.Text.UserText.Clip(unit), subtree)} (row {row})");
            foreach (var (value, refusal) in layout.ReadRow(sheet, row, cells, period, file.Hash, language))
            {
                if (value is not null) chunk.Values.Add(value);
                else chunk.Refused.Add(refusal!);
            }
            chunk = chunk with { Rows = chunk.Rows + 1 };
            if (chunk.Rows >= ChunkRows)
            {
                yield return chunk;
                chunk = new Chunk(sheet, 0, [], []);
            }
        }
        if (layout is null) throw new UploadFileException(422, "Wrong template", UploadText.NotATemplate(language));
        if (chunk.Rows > 0) yield return chunk;
    }

    /// <summary>A known unit outside the subtree means the wrong file; an unknown code is a cell the validator refuses.</summary>
    private bool InSubtree(string unit, string subtree) =>
        unit == subtree || directory.Read(d => d.Find(unit) is null || d.Ancestors(unit).Any(a => a.Code == subtree));

    /// <summary>The units' current totals; for the series a unit itself submits, that is its own latest value.</summary>
    private async Task<Dictionary<string, Contribution>> CurrentAsync(IReadOnlyList<string> units)
    {
        var totals = new Contribution[units.Count];
        await Parallel.ForAsync(0, units.Count, new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, _) => totals[i] = SeriesCell.ToContribution((await grains.Unit(units[i]).GetTotals()).Cells));
        return units.Select((u, i) => (u, totals[i])).ToDictionary(p => p.u, p => p.Item2, StringComparer.Ordinal);
    }
}
