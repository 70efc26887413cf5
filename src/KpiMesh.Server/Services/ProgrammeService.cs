using System.Text.Json;
using System.Text.RegularExpressions;
using KpiMesh.Abstractions;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Programmes;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Rollups;

using KpiMesh.Grains;
using KpiMesh.Grains.Services;
using KpiMesh.Server.Auth;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Services;

/// <summary>What a programme change did, or would do (a dry run).</summary>
/// <param name="RemovedWithData">Removed indicators that hold values in the subtree: refused unless forced (the values stay in the log).</param>
/// <param name="Statuses">The first <see cref="LimitOptions.DryRunChanges"/> statuses (and targets) that change in the unit's subtree, level by level.</param>
/// <param name="StatusChangeCount">How many changes were found among the units examined (all of them, listed or not).</param>
/// <param name="UnitsExamined">Units whose rows were judged before and after (the unit, then its subtree down to <c>Rollup:HistoryDepth</c>).</param>
/// <param name="SubtreeComplete">False when the subtree was larger than <see cref="LimitOptions.DryRunUnits"/> and deeper levels were not examined.</param>
public sealed record ProgrammeChangeResult(
    bool Applied, int Version, IReadOnlyList<ProgrammeProblem> Problems, bool Conflict,
    IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> RemovedWithData, IReadOnlyList<StatusChange> Statuses,
    int StatusChangeCount = 0, int UnitsExamined = 0, bool SubtreeComplete = true);

/// <summary>
/// Changes to the programme: the whole document (an admin of the whole tree), the part of one subtree (its admin) or
/// one target. Each is judged whole against the hierarchy (domain), compared with the programme in force, and only then
/// handed to <see cref="IProgrammeGrain"/>, which applies it if nobody changed the programme in between.
/// </summary>
public sealed partial class ProgrammeService(IGrainFactory grains, SiloUnitDirectory directory, ProgrammeCache programmes, TimeProvider clock,
    IOptions<LimitOptions> limits, IOptions<RollupOptions> rollup)
{
    public async Task<ProgrammeView> GetAsync() => await programmes.GetAsync();

    /// <summary>Replaces the whole programme.</summary>
    /// <param name="expectedVersion">The version the caller read (null: whatever is in force).</param>
    public async Task<ProgrammeChangeResult> ReplaceAsync(string json, int? expectedVersion, bool dryRun, bool force)
    {
        if (Parse(json) is not { } document) return Refused(ParseProblems(json));
        return await ChangeAsync(_ => document, null, expectedVersion ?? document.Version, dryRun, force, null);
    }

    /// <summary>Replaces what a unit defines for its own subtree (indicators and targets scoped to it).</summary>
    public async Task<ProgrammeChangeResult> ReplacePartAsync(string code, string json, bool dryRun, bool force)
    {
        if (Parse(json) is not { } part) return Refused(ParseProblems(json));
        var wrongScope = (part.Indicators ?? []).Select((i, n) => (i?.Scope, Path: $"$.indicators[{n}].scope"))
            .Concat((part.Targets ?? []).Select((t, n) => (t?.Scope, Path: $"$.targets[{n}].scope")))
            .Where(s => s.Scope is not null && s.Scope != code)
            .Select(s => new ProgrammeProblem(s.Path, $"this part is {code}'s: leave scope out or give {code}")).ToList();
        if (wrongScope.Count > 0) return Refused(wrongScope);
        return await ChangeAsync(current => current.WithScope(code, part), code, part.Version, dryRun, force, current => PartPaths(current, code));
    }

    /// <summary>Sets one target for a unit's subtree (PUT /units/{code}/targets/{indicator}).</summary>
    public Task<ProgrammeChangeResult> SetTargetAsync(string code, TargetSpec target) =>
        ChangeAsync(current => current.WithTarget(code, target), code, null, dryRun: false, force: false, null);

    /// <summary>Adds or replaces unit attributes from CSV; returns the problems (nothing applied) or none.</summary>
    public async Task<IReadOnlyList<string>> AddAttributesAsync(string csv)
    {
        var before = programmes.Current.Programme;
        var problems = await grains.GetGrain<IProgrammeGrain>(IProgrammeGrain.Key).AddAttributes(csv);
        if (problems.Length > 0) return problems;
        await programmes.RefreshAsync();
        await RejudgeAsync(before, attributesChanged: true);
        return problems;
    }

    private async Task<ProgrammeChangeResult> ChangeAsync(Func<Programme, ProgrammeDocument> change, string? focus, int? expectedVersion,
        bool dryRun, bool force, Func<Programme, Func<ProgrammeProblem, ProgrammeProblem>>? translate)
    {
        await programmes.RefreshAsync();
        await directory.CatchUpAsync();
        var view = programmes.Current;
        var current = view.Programme;
        if (expectedVersion is { } expected && expected != current.Version) return Conflicted(current.Version);
        var candidate = change(current) with { Version = current.Version };
        var (next, problems) = directory.Read(d => ProgrammeValidator.Validate(candidate, d));
        if (next is null) return Refused(translate is null ? problems : problems.Select(translate(current)).ToList());

        var (added, removed) = ProgrammeChanges.Indicators(current, next);
        var unit = focus ?? directory.Read(d => d.Root?.Code);
        var removedWithData = new List<string>();
        var statuses = new StatusChangeList(limits.Value.DryRunChanges);
        var (examined, complete) = (0, true);
        if (unit is not null)
        {
            var totals = SeriesCell.ToContribution((await grains.Unit(unit).GetTotals()).Cells);
            removedWithData.AddRange(removed.Where(id => totals.Cells.Any(c => c.Key.Indicator == id && c.Value.Reported > 0)));
            var now = clock.GetUtcNow();
            // The directory may only be read under its lock: the two builders are made inside each read.
            void Judge(UnitDirectory d, string code, Contribution cells) => statuses.Add(ProgrammeChanges.Statuses(code,
                new UnitReportBuilder(current, d, current.Today(now)).Build(code, cells), new UnitReportBuilder(next, d, next.Today(now)).Build(code, cells)));
            directory.Read(d => { Judge(d, unit, totals); return 0; });
            examined = 1;
            // Level by level down to the deepest level that keeps history (towns by default): one call per parent reads
            // all its children's totals. A subtree larger than the limit is cut after a whole parent, and the answer says so.
            var parents = new Queue<string>([unit]);
            while (parents.TryDequeue(out var parent))
            {
                var children = directory.Read(d => d.ChildrenOf(parent).Select(c => d.Find(c)!).ToList());
                if (children.Count == 0) continue;
                if (examined + children.Count > limits.Value.DryRunUnits) { complete = false; break; }
                var held = (await grains.Unit(parent).GetChildTotals()).ToDictionary(c => c.Code, c => SeriesCell.ToContribution(c.Cells));
                directory.Read(d =>
                {
                    foreach (var child in children) Judge(d, child.Code, held.GetValueOrDefault(child.Code) ?? Contribution.Empty);
                    return 0;
                });
                examined += children.Count;
                foreach (var child in children.Where(c => c.Level < rollup.Value.HistoryDepth)) parents.Enqueue(child.Code);
            }
        }
        var refusedForData = removedWithData.Count > 0 && !force;
        if (dryRun || refusedForData)
            return new ProgrammeChangeResult(false, current.Version, [], false, added, removed, removedWithData, statuses.Listed, statuses.Count, examined, complete);

        var outcome = await grains.GetGrain<IProgrammeGrain>(IProgrammeGrain.Key).Replace(candidate.ToJson(), current.Version);
        if (outcome.Conflict) return Conflicted(outcome.Version);
        if (outcome.Problems.Length > 0) return Refused(outcome.Problems.Select(p => new ProgrammeProblem(p.Path, p.Message)).ToList());
        await programmes.RefreshAsync();
        await RejudgeAsync(current, attributesChanged: false);
        return new ProgrammeChangeResult(true, outcome.Version, [], false, added, removed, removedWithData, statuses.Listed, statuses.Count, examined, complete);
    }

    /// <summary>
    /// Asks every unit whose own part the change made stale (norm-share and per-population submitters of what changed)
    /// to build it again, before answering: once the change is answered, every status follows it within the staleness
    /// bound, whether or not those units were active. The units are those of the levels that submit such indicators,
    /// within their scope (counties, universities), a few at a time so a large tree does not flood the silos.
    /// </summary>
    private async Task RejudgeAsync(Programme before, bool attributesChanged)
    {
        var view = programmes.Current;
        var units = directory.Read(d => ProgrammeChanges.UnitsToRejudge(before, view.Programme, attributesChanged, d).ToList());
        await Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = RejudgeParallelism },
            async (code, _) => await grains.Unit(code).Rejudge(view.Programme.Version, view.AttributesVersion));
    }

    private const int RejudgeParallelism = 16;

    /// <summary>Every status change counted, the first few kept for the answer.</summary>
    private sealed class StatusChangeList(int keep)
    {
        private readonly List<StatusChange> _listed = [];
        public IReadOnlyList<StatusChange> Listed => _listed;
        public int Count { get; private set; }

        public void Add(IEnumerable<StatusChange> changes)
        {
            foreach (var change in changes)
            {
                Count++;
                if (_listed.Count < keep) _listed.Add(change);
            }
        }
    }

    private static ProgrammeDocument? Parse(string json)
    {
        try { return JsonSerializer.Deserialize<ProgrammeDocument>(json, ProgrammeDocument.Json); }
        catch (JsonException) { return null; }
    }

    private static IReadOnlyList<ProgrammeProblem> ParseProblems(string json) => Programme.Parse(json, null).Problems is { Count: > 0 } problems
        ? problems : [new ProgrammeProblem("$", "the programme must be a JSON object")];

    [GeneratedRegex(@"^\$\.(indicators|targets)\[(\d+)\]")]
    private static partial Regex EntryPath();

    /// <summary>
    /// A unit's part is validated inside the whole programme, where its entries come after everyone else's: problems
    /// are told with the paths of the part the caller sent, and those elsewhere as being in the programme in force.
    /// </summary>
    private static Func<ProgrammeProblem, ProgrammeProblem> PartPaths(Programme current, string code)
    {
        var others = (Indicators: (current.Document.Indicators ?? []).Count(i => i?.Scope != code), Targets: (current.Document.Targets ?? []).Count(t => t?.Scope != code));
        return problem =>
        {
            var match = EntryPath().Match(problem.Path);
            if (!match.Success) return problem;
            var index = int.Parse(match.Groups[2].Value);
            var offset = match.Groups[1].Value == "indicators" ? others.Indicators : others.Targets;
            return index >= offset
                ? problem with { Path = $"$.{match.Groups[1].Value}[{index - offset}]" + problem.Path[match.Length..] }
                : problem with { Path = "(programme in force) " + problem.Path };
        };
    }

    private static ProgrammeChangeResult Refused(IReadOnlyList<ProgrammeProblem> problems) => new(false, 0, problems, false, [], [], [], []);

    private static ProgrammeChangeResult Conflicted(int version) => new(false, version, [], true, [], [], [], []);
}
