using System.Text;
using KpiMesh.Domain.Access;
using KpiMesh.Domain.Programmes;
using KpiMesh.Server.Services;
using KpiMesh.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Api;

/// <param name="Problems">For a refused document: every problem with its JSON path.</param>
public sealed record ProgrammeProblemResponse(string Path, string Message);

public sealed record StatusChangeResponse(string Unit, string Indicator, string? Option, string? Before, string? After, double? TargetBefore, double? TargetAfter);

/// <summary>What a programme change did (or, with <c>dryRun</c>, would do).</summary>
/// <param name="StatusChanges">The first <c>Limits:DryRunChanges</c> changes in the unit's subtree, level by level (the unit first).</param>
/// <param name="StatusChangeCount">Every change found among the units examined.</param>
/// <param name="UnitsExamined">The unit and its subtree down to <c>Rollup:HistoryDepth</c> (towns by default), at most <c>Limits:DryRunUnits</c>.</param>
/// <param name="SubtreeComplete">False when the subtree was larger than that and its deeper levels were not examined.</param>
public sealed record ProgrammeChangeResponse(
    bool DryRun, bool Applied, int Version, IReadOnlyList<string> IndicatorsAdded, IReadOnlyList<string> IndicatorsRemoved,
    IReadOnlyList<string> RemovedWithData, IReadOnlyList<StatusChangeResponse> StatusChanges, int StatusChangeCount, int UnitsExamined, bool SubtreeComplete);

public sealed record AttributesResponse(int Version, int Entries);

internal static class ProgrammeEndpoints
{
    public static void MapProgrammeEndpoints(this RouteGroupBuilder api)
    {
        var limits = api.Limits();
        api.MapGet("/programme", GetAsync).RequireUnit(Permission.Read)
            .WithSummary("The programme in force: indicators, targets (with the subtree each is scoped to), time zone, version.");
        api.MapPut("/programme", PutAsync).RequireUnit(Permission.ChangeProgramme)
            .AcceptsUpTo<ProgrammeDocument>(limits.ProgrammeBytes, "application/json")
            .WithSummary("Replace the whole programme (?dryRun=true answers what would change; ?force=true removes indicators that hold data).");
        api.MapGet("/units/{code}/programme", GetPartAsync).RequireUnit(Permission.Read)
            .WithSummary("The indicators and targets a unit defined for its own subtree.");
        api.MapPut("/units/{code}/programme", PutPartAsync).RequireUnit(Permission.Administer)
            .AcceptsUpTo<ProgrammeDocument>(limits.ProgrammeBytes, "application/json")
            .WithSummary("Replace the indicators and targets a unit defines for its own subtree (?dryRun=true, ?force=true as above).");
        api.MapPost("/attributes", PostAttributesAsync).RequireUnit(Permission.ChangeProgramme)
            .AcceptsUpTo<string>(limits.AttributesBytes, "text/csv")
            .WithSummary("Load unit attributes (code,attribute,year,value; e.g. resident population per county), the denominators of per-population indicators.");
    }

    private static async Task<Ok<ProgrammeDocument>> GetAsync(ProgrammeService programmes)
    {
        var programme = (await programmes.GetAsync()).Programme;
        return TypedResults.Ok(programme.Document with { Version = programme.Version });
    }

    private static async Task<Ok<ProgrammeDocument>> GetPartAsync(RouteUnit unit, ProgrammeService programmes)
    {
        var programme = (await programmes.GetAsync()).Programme;
        return TypedResults.Ok(programme.PartOf(unit.Code) with { Version = programme.Version });
    }

    private static async Task<Results<Ok<ProgrammeChangeResponse>, ProblemHttpResult>> PutAsync(
        HttpRequest request, bool? dryRun, bool? force, ProgrammeService programmes, IOptions<LimitOptions> limits, CancellationToken cancellationToken)
    {
        if (await ReadAsync(request, "application/json", limits.Value.ProgrammeBytes, cancellationToken) is not { } body) return BadBody(request, limits.Value);
        var result = await programmes.ReplaceAsync(body.Text!, null, dryRun ?? false, force ?? false);
        return Answer(result, dryRun ?? false);
    }

    private static async Task<Results<Ok<ProgrammeChangeResponse>, ProblemHttpResult>> PutPartAsync(
        RouteUnit unit, HttpRequest request, bool? dryRun, bool? force, ProgrammeService programmes, IOptions<LimitOptions> limits, CancellationToken cancellationToken)
    {
        if (await ReadAsync(request, "application/json", limits.Value.ProgrammeBytes, cancellationToken) is not { } body) return BadBody(request, limits.Value);
        var result = await programmes.ReplacePartAsync(unit.Code, body.Text!, dryRun ?? false, force ?? false);
        return Answer(result, dryRun ?? false);
    }

    private static async Task<Results<Ok<AttributesResponse>, ProblemHttpResult>> PostAttributesAsync(
        HttpRequest request, ProgrammeService programmes, IOptions<LimitOptions> limits, CancellationToken cancellationToken)
    {
        if (await ReadAsync(request, "text/csv", limits.Value.AttributesBytes, cancellationToken) is not { } body) return BadBody(request, limits.Value, "text/csv");
        var problems = await programmes.AddAttributesAsync(body.Text!);
        if (problems.Count > 0)
            return TypedResults.Problem(string.Join("; ", problems.Take(20)) + "; nothing was loaded", title: "Invalid attributes file", statusCode: 422,
                extensions: new Dictionary<string, object?> { ["problems"] = problems });
        var view = await programmes.GetAsync();
        return TypedResults.Ok(new AttributesResponse(view.AttributesVersion, view.Attributes.Entries.Count));
    }

    private static Results<Ok<ProgrammeChangeResponse>, ProblemHttpResult> Answer(ProgrammeChangeResult result, bool dryRun)
    {
        if (result.Problems.Count > 0)
        {
            // A document that is not JSON (or not shaped like a programme) is a bad request; a well-formed one that breaks a rule is unprocessable.
            var malformed = result.Problems.Any(p => p.Message.StartsWith("not a valid programme document", StringComparison.Ordinal) || p.Message.Contains("JSON object"));
            return TypedResults.Problem(string.Join("; ", result.Problems.Take(10).Select(p => $"{p.Path}: {p.Message}")) + (result.Problems.Count > 10 ? $"; and {result.Problems.Count - 10} more" : "") + "; nothing was applied",
                title: "Programme refused", statusCode: malformed ? 400 : 422,
                extensions: new Dictionary<string, object?> { ["problems"] = result.Problems.Select(p => new ProgrammeProblemResponse(p.Path, p.Message)).ToList() });
        }
        if (result.Conflict)
            return TypedResults.Problem($"the programme changed meanwhile (now version {result.Version}); read it again and re-apply your change",
                title: "Programme changed meanwhile", statusCode: 409);
        if (!dryRun && !result.Applied)
            return TypedResults.Problem($"removing {string.Join(", ", result.RemovedWithData)} would hide values already submitted; they stay in the submission log " +
                "and come back if the indicator is restored. Check with ?dryRun=true, then repeat with ?force=true to remove them anyway",
                title: "Indicators hold data", statusCode: 409);
        return TypedResults.Ok(new ProgrammeChangeResponse(dryRun, result.Applied, result.Version, result.Added, result.Removed, result.RemovedWithData,
            result.Statuses.Select(s => new StatusChangeResponse(s.Unit, s.Indicator, s.Option, s.Before, s.After, s.TargetBefore, s.TargetAfter)).ToList(),
            result.StatusChangeCount, result.UnitsExamined, result.SubtreeComplete));
    }

    private sealed record Body(string? Text);

    /// <summary>The body as UTF-8 text, or null when its type, size or encoding is wrong (answered by <see cref="BadBody"/>).</summary>
    private static async Task<Body?> ReadAsync(HttpRequest request, string type, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } given || !given.StartsWith(type, StringComparison.OrdinalIgnoreCase)) return null;
        if (request.ContentLength > limit) return null;
        try
        {
            using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            return new Body(await reader.ReadToEndAsync(cancellationToken));
        }
        catch (DecoderFallbackException) { return null; }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge) { return null; }
    }

    private static ProblemHttpResult BadBody(HttpRequest request, LimitOptions limits, string type = "application/json") =>
        request.ContentType is not { } given || !given.StartsWith(type, StringComparison.OrdinalIgnoreCase) ? Problems.UnsupportedMediaType(type)
        : request.ContentLength > limits.ProgrammeBytes && type == "application/json" ? Problems.TooLarge($"a programme is at most {limits.ProgrammeBytes / 1024 / 1024} MiB; nothing was applied")
        : Problems.Invalid("Unreadable body", "the body is too large or not valid UTF-8; nothing was applied");
}
