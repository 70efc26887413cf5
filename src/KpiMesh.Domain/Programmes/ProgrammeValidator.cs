using System.Text.RegularExpressions;
using KpiMesh.Domain.Attributes;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Targets;

namespace KpiMesh.Domain.Programmes;

/// <summary>
/// Judges a programme document whole and reports every problem with its JSON path, so the people who write it can fix
/// everything in one go. Nothing of a refused document applies.
/// </summary>
public static partial class ProgrammeValidator
{
    public const int MaxIndicators = 500;
    public const int MaxTargets = 5_000;
    public const int MaxMilestones = 12;
    public const int MaxOptions = 32;

    [GeneratedRegex("^[a-z][a-z0-9_]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();

    /// <param name="directory">The hierarchy, to check scopes and judge targets set below a province against their superior's; null skips those (a stored document).</param>
    public static (Programme? Programme, IReadOnlyList<ProgrammeProblem> Problems) Validate(ProgrammeDocument document, UnitDirectory? directory)
    {
        var problems = new List<ProgrammeProblem>();
        void Problem(string path, string message) => problems.Add(new ProgrammeProblem(path, message));

        TimeZoneInfo? timeZone = null;
        var zoneId = document.TimeZone ?? Programme.DefaultTimeZone;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out timeZone)) Problem("$.timeZone", $"unknown time zone '{Clip(zoneId)}' (an IANA name such as Asia/Shanghai)");
        if (document.Version is < 0) Problem("$.version", "the version is a whole number from 0");
        if (document.ApprovalStopsAt is { } stop && !(UnitLevels.TryParse(stop, out var stopLevel) && stopLevel is >= UnitLevel.Nation and <= UnitLevel.Town))
            Problem("$.approvalStopsAt", $"approval stops at an administrative level above villages (nation, province, city, county or town), not '{Clip(stop)}'");

        var indicators = new List<IndicatorDefinition>();
        var specs = document.Indicators ?? [];
        if (document.Indicators is null) Problem("$.indicators", "indicators are required (a list)");
        if (specs.Count > MaxIndicators) Problem("$.indicators", $"at most {MaxIndicators} indicators");
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(specs.Count, MaxIndicators); i++)
        {
            var path = $"$.indicators[{i}]";
            if (specs[i] is not { } spec) { Problem(path, "an indicator is an object"); continue; }
            if (Indicator(spec, path, directory, Problem) is not { } indicator) continue;
            if (!seenIds.Add(indicator.Id)) { Problem(path + ".id", $"indicator '{indicator.Id}' is defined twice; an id names one indicator in the whole programme"); continue; }
            indicators.Add(indicator);
        }
        var catalog = new IndicatorCatalog(indicators);

        var targetSpecs = document.Targets ?? [];
        if (targetSpecs.Count > MaxTargets) Problem("$.targets", $"at most {MaxTargets} targets");
        var wide = new List<TargetSchedule>();
        var byUnit = new Dictionary<string, List<TargetSchedule>>(StringComparer.Ordinal);
        var paths = new Dictionary<(string? Scope, string Indicator, string? Option), string>();
        for (var i = 0; i < Math.Min(targetSpecs.Count, MaxTargets); i++)
        {
            var path = $"$.targets[{i}]";
            if (targetSpecs[i] is not { } spec) { Problem(path, "a target is an object"); continue; }
            if (Target(spec, path, catalog, directory, Problem) is not { } schedule) continue;
            if (!paths.TryAdd((spec.Scope, schedule.Indicator, schedule.Option), path))
            { Problem(path, $"a second target for {Series(schedule)}{(spec.Scope is null ? "" : " at " + spec.Scope)} (the first is {paths[(spec.Scope, schedule.Indicator, schedule.Option)]})"); continue; }
            if (spec.Scope is null) wide.Add(schedule);
            else (byUnit.TryGetValue(spec.Scope, out var list) ? list : byUnit[spec.Scope] = []).Add(schedule);
        }
        var book = new TargetBook(wide, byUnit.ToDictionary(p => p.Key, p => (IReadOnlyList<TargetSchedule>)p.Value, StringComparer.Ordinal));
        if (directory is not null) JudgeAgainstSuperiors(book, catalog, directory, paths, Problem);

        return problems.Count > 0 ? (null, problems) : (new Programme(document, timeZone!, catalog, book), []);
    }

    /// <summary>
    /// Seed 002: "在完成市级要求的基础上，有针对性制订自选工作目标": a target set for a city's or county's subtree may only
    /// be stricter than its superior's. Targets set at a province (or the nation) are that province's own programme:
    /// they are the defaults of its subtree whatever their value.
    /// </summary>
    private static void JudgeAgainstSuperiors(TargetBook book, IndicatorCatalog catalog, UnitDirectory directory,
        Dictionary<(string? Scope, string Indicator, string? Option), string> paths, Action<string, string> problem)
    {
        foreach (var (code, schedules) in book.ByUnit)
        {
            if (directory.Find(code) is not { } unit || unit.Level <= UnitLevel.Province) continue;
            var ancestors = directory.Ancestors(code).Select(a => a.Code).ToList();
            foreach (var schedule in schedules)
            {
                if (book.Resolve(ancestors, schedule.Indicator, schedule.Option) is not { } superior) continue;
                var isRate = catalog.Find(schedule.Indicator) is { Kind: IndicatorKind.Coverage or IndicatorKind.Ratio or IndicatorKind.NormShare };
                if (TargetBook.LaxerThan(schedule, superior, isRate) is { } why)
                    problem(paths[(code, schedule.Indicator, schedule.Option)], $"{Series(schedule)} at {code}: {why}");
            }
        }
    }

    private static IndicatorDefinition? Indicator(IndicatorSpec spec, string path, UnitDirectory? directory, Action<string, string> problem)
    {
        var failed = false;
        void Problem(string where, string message) { failed = true; problem(where, message); }

        if (spec.Id is null || !IdShape().IsMatch(spec.Id)) Problem(path + ".id", "id is required: lower-case letters, digits and _, starting with a letter (2-64 characters)");
        if (string.IsNullOrWhiteSpace(spec.Names?.Zh)) Problem(path + ".names.zh", "a Chinese name is required (users read Chinese first)");
        if (string.IsNullOrWhiteSpace(spec.Names?.En)) Problem(path + ".names.en", "an English name is required");
        if (string.IsNullOrWhiteSpace(spec.Source)) Problem(path + ".source", "cite the sentence of the programme it comes from");
        if (!IndicatorKinds.TryParse(spec.Kind, out var kind)) Problem(path + ".kind", $"kind must be one of {string.Join(", ", IndicatorKinds.WireNames)}");

        var levels = new List<UnitLevel>();
        if (spec.SubmittedAt is not { Count: > 0 }) Problem(path + ".submittedAt", "give the level(s) that submit it");
        else
            for (var j = 0; j < spec.SubmittedAt.Count; j++)
            {
                if (!UnitLevels.TryParse(spec.SubmittedAt[j], out var level)) { Problem($"{path}.submittedAt[{j}]", $"unknown level '{Clip(spec.SubmittedAt[j] ?? "")}'"); continue; }
                if (levels.Contains(level)) { Problem($"{path}.submittedAt[{j}]", $"{level.ToWireName()} is listed twice"); continue; }
                // A unit of one level sits inside one of the other: both would report the same people and count them twice
                // (a primary-care unit is inside its town: family_counselling_rate is submitted by primary care only).
                if (levels.Where(other => OnOnePath(other, level)).Cast<UnitLevel?>().FirstOrDefault() is { } clash)
                    Problem($"{path}.submittedAt[{j}]", $"{level.ToWireName()} and {clash.ToWireName()} can be on one path of the hierarchy: both would report the same people and count them twice; choose one");
                levels.Add(level);
            }

        var options = new List<string>();
        var optionSpecs = spec.Options ?? [];
        if (optionSpecs.Count > MaxOptions) Problem(path + ".options", $"at most {MaxOptions} options");
        for (var j = 0; j < Math.Min(optionSpecs.Count, MaxOptions); j++)
        {
            var option = optionSpecs[j];
            if (option is null || !AttributeBook.AttributeName().IsMatch(option)) { Problem($"{path}.options[{j}]", "an option is lower-case letters, digits and _"); continue; }
            if (options.Contains(option)) { Problem($"{path}.options[{j}]", $"option '{option}' is listed twice"); continue; }
            options.Add(option);
        }
        if (options.Count > 0 && spec.OptionsTotal is null)
            Problem(path + ".optionsTotal", "say whether the options' sum is a meaningful total (true: one population split in groups; false: separate samples, no pooled total)");
        if (options.Count == 0 && spec.OptionsTotal is not null) Problem(path + ".optionsTotal", "optionsTotal applies only to an indicator with options");

        var alert = (spec.AlertOnRise ?? []).Select(a => a ?? "").ToList();
        if (alert.Count > 0 && kind != IndicatorKind.Count) Problem(path + ".alertOnRise", "only a count can alert on a rise");
        foreach (var (option, j) in alert.Select((a, j) => (a, j)))
            if (!options.Contains(option)) Problem($"{path}.alertOnRise[{j}]", $"'{Clip(option)}' is not one of the options");

        Norm? norm = null;
        if (kind == IndicatorKind.PerPopulation)
        {
            if (spec.Attribute is null || !AttributeBook.AttributeName().IsMatch(spec.Attribute)) Problem(path + ".attribute", "a per-population indicator names the unit attribute it is per (e.g. population)");
            if (spec.Scale is not { } scale || !double.IsFinite(scale) || scale <= 0 || scale > 1e9) Problem(path + ".scale", "a per-population indicator has a scale above 0 (e.g. 100000 for per 100,000)");
        }
        else
        {
            if (spec.Attribute is not null) Problem(path + ".attribute", "only a per_population indicator has an attribute");
            if (spec.Scale is not null) Problem(path + ".scale", "only a per_population indicator has a scale");
        }
        if (kind == IndicatorKind.NormShare)
        {
            if (spec.Norm is not { Numerator: > 0 and <= 1_000_000, Denominator: > 0 and <= 1_000_000 } given)
                Problem(path + ".norm", "a norm_share indicator has a norm { numerator, denominator } of whole numbers from 1 (1 teacher per 4000 students: 1, 4000)");
            else norm = new Norm(given.Numerator!.Value, given.Denominator!.Value);
        }
        else if (spec.Norm is not null) Problem(path + ".norm", "only a norm_share indicator has a norm");
        if (kind is IndicatorKind.PerPopulation or IndicatorKind.NormShare && options.Count > 0) Problem(path + ".options", $"a {kind.ToWireName()} indicator has no options");
        if (spec.ComputedFrom is not null && kind != IndicatorKind.Coverage) Problem(path + ".computedFrom", "only coverage indicators are computed from platform reports");

        if (spec.Scope is not null)
        {
            if (!UnitCode.IsWellFormed(spec.Scope)) Problem(path + ".scope", "scope is a unit code");
            else if (directory is not null && directory.Find(spec.Scope) is null) Problem(path + ".scope", $"unknown unit {spec.Scope}");
        }
        if (failed) return null;
        return new IndicatorDefinition(spec.Id!, new IndicatorNames(spec.Names!.Zh!, spec.Names.En!), kind, levels, options,
            spec.Numerator ?? "", spec.Denominator ?? "", spec.Source!)
        {
            Unit = spec.Unit ?? "",
            OptionsTotal = spec.OptionsTotal ?? false,
            Scope = spec.Scope,
            Attribute = spec.Attribute,
            Scale = spec.Scale ?? 1,
            Norm = norm,
            ComputedFrom = spec.ComputedFrom,
            AlertOnRise = alert,
        };
    }

    private static TargetSchedule? Target(TargetSpec spec, string path, IndicatorCatalog catalog, UnitDirectory? directory, Action<string, string> problem)
    {
        var failed = false;
        void Problem(string where, string message) { failed = true; problem(where, message); }

        var indicator = catalog.Find(spec.Indicator);
        if (indicator is null) { Problem(path + ".indicator", $"unknown indicator '{Clip(spec.Indicator ?? "")}' (not defined in this programme, or refused above)"); return null; }
        if (!indicator.HasSeries(spec.Option))
            Problem(path + ".option", spec.Option is null
                ? $"{indicator.Id}'s options have no pooled total (optionsTotal is false): set a target per option ({string.Join(", ", indicator.Options)})"
                : $"{indicator.Id} has no option '{Clip(spec.Option)}'");
        // Warning counts are watched for a rise (seed 002's red alert), not driven up to a figure.
        if (indicator.AlertOnRise.Count > 0) Problem(path + ".indicator", $"{indicator.Id} is a warning count watched for rises; it has no target");
        if (string.IsNullOrWhiteSpace(spec.Source)) Problem(path + ".source", "cite the sentence of the programme it comes from");
        var isRate = indicator.Kind is IndicatorKind.Coverage or IndicatorKind.Ratio or IndicatorKind.NormShare;
        string? Value(double? value) => value is not { } v || !double.IsFinite(v) ? "a number is required"
            : isRate && v is < 0 or > 1 ? $"{indicator.Id} is a rate: a value between 0 and 1 (0.8 for 80%)"
            : v < 0 ? "a value must not be negative" : null;

        if (spec.Scope is not null)
        {
            if (!UnitCode.IsWellFormed(spec.Scope)) Problem(path + ".scope", "scope is a unit code");
            else if (directory is not null)
            {
                if (directory.Find(spec.Scope) is null) Problem(path + ".scope", $"unknown unit {spec.Scope}");
                else if (indicator.Scope is { } defined && !indicator.AppliesAt(directory.Ancestors(spec.Scope).Select(a => a.Code).Prepend(spec.Scope).ToList()))
                    Problem(path + ".scope", $"{indicator.Id} exists only under {defined}; {spec.Scope} is not in that subtree");
            }
        }
        else if (indicator.Scope is { } scoped) Problem(path + ".scope", $"{indicator.Id} exists only under {scoped}: give its targets that scope (or one below it)");

        if (spec.Baseline is not { Date: { } baselineDate } baseline) { Problem(path + ".baseline", "a baseline { date, value } is required (the programme's start and the value then)"); return null; }
        if (Value(baseline.Value) is { } badBaseline) Problem(path + ".baseline.value", badBaseline);
        var milestones = new List<Milestone>();
        var given = spec.Milestones ?? [];
        if (given.Count is 0 or > MaxMilestones) Problem(path + ".milestones", $"give 1 to {MaxMilestones} milestones {{ due, value }}");
        var previous = baselineDate;
        for (var j = 0; j < Math.Min(given.Count, MaxMilestones); j++)
        {
            var where = $"{path}.milestones[{j}]";
            if (given[j] is not { Due: { } due } milestone) { Problem(where + ".due", "a milestone has a due day (YYYY-MM-DD)"); continue; }
            if (due <= previous) Problem(where + ".due", "milestones come after the baseline and after each other, in order of their days");
            if (due.Year > 2100) Problem(where + ".due", "a milestone's day must be before 2100");
            if (Value(milestone.Value) is { } bad) Problem(where + ".value", bad);
            else milestones.Add(new Milestone(due, milestone.Value!.Value));
            previous = due;
        }
        return failed ? null : new TargetSchedule(indicator.Id, spec.Option, baselineDate, baseline.Value!.Value, milestones, spec.Source!);
    }

    /// <summary>Whether a unit of one level can sit inside a unit of the other (administrative levels nest; institutions hang under them).</summary>
    private static bool OnOnePath(UnitLevel a, UnitLevel b) => Above(a, b) || Above(b, a);

    private static bool Above(UnitLevel upper, UnitLevel lower) =>
        upper.IsAdministrative() && (lower.IsAdministrative() ? lower > upper : true);

    private static string Series(TargetSchedule schedule) => schedule.Option is null ? schedule.Indicator : $"{schedule.Indicator}/{schedule.Option}";

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
