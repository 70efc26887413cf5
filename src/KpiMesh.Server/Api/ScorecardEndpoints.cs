using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using KpiMesh.Abstractions;
using KpiMesh.Domain.Scorecards;
using KpiMesh.Server.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiMesh.Server.Api;

public sealed record ItemScoreBody(string? Grade, decimal? Self, decimal? Acceptance);

public sealed record ScorecardBody(string? Period, Dictionary<string, ItemScoreBody>? Items, bool? ConfidentialityBreach, string? Id);

public sealed record ScorecardItemResponse(string Id, int Section, string Title, decimal Points);

public sealed record ScorecardSectionResponse(int Number, string Title, decimal Points, bool CountsTowardsTotal);

public sealed record ScorecardRubricResponse(string Id, string Title, string Source, decimal PassMark,
    IReadOnlyList<ScorecardSectionResponse> Sections, IReadOnlyList<ScorecardItemResponse> Items)
{
    public static ScorecardRubricResponse From(IScorecardRubric r) => new(r.Id, r.Title, r.Source, r.PassMark,
        r.Sections.Select(s => new ScorecardSectionResponse(s.Number, s.Title, s.Points, s.CountsTowardsTotal)).ToList(),
        r.Items.Select(i => new ScorecardItemResponse(i.Id, i.Section, i.Title, i.Points)).ToList());
}

public sealed record ScorecardItemScoreResponse(string Item, string? Grade, decimal? Self, decimal? Acceptance);

/// <summary>A scored card as the API answers it (the grain keeps <see cref="ScorecardCard"/>, its wire type).</summary>
public sealed record ScorecardCardResponse(string Unit, string Scorecard, string Period, decimal? Score, decimal? SelfScore, decimal Bonus,
    string Verdict, string? Bucket, Dictionary<int, decimal> SectionScores, IReadOnlyList<ScorecardItemScoreResponse> Items,
    bool? ConfidentialityBreach, string SubmittedBy, DateTimeOffset ReceivedAt)
{
    public static ScorecardCardResponse From(ScorecardCard c) => new(c.Unit, c.Scorecard, c.Period, c.Score, c.SelfScore, c.Bonus, c.Verdict,
        c.Bucket, c.SectionScores, c.Items.Select(i => new ScorecardItemScoreResponse(i.Item, i.Grade, i.Self, i.Acceptance)).ToList(),
        c.ConfidentialityBreach, c.SubmittedBy, c.ReceivedAt);
}

public sealed record UnitScorecardResponse(string Scorecard, string Title, decimal PassMark, long Applied, long Passed, long Vetoed,
    long AwaitingAcceptance, IReadOnlyList<ScoreBand> Distribution, ScorecardCardResponse? Own);

internal static class ScorecardEndpoints
{
    /// <summary>No rubric has more items; a card with more is not a card.</summary>
    private const int MaxItems = 100;

    public static void MapScorecardEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/scorecards", (ScorecardCatalog rubrics) => TypedResults.Ok(rubrics.All.Select(ScorecardRubricResponse.From).ToList()))
            .WithSummary("The scorecard rubrics (seeds 000 and 003), item by item.");
        api.MapPost("/units/{code}/scorecards/{scorecard}", SubmitAsync).RequireUnit(Permission.Submit)
            .WithSummary("A unit's graded card; KpiMesh computes the total and the verdict, and rolls the counts up.");
        api.MapGet("/units/{code}/scorecards", GetAsync).RequireUnit(Permission.Read)
            .WithSummary("For every rubric: how many units of the subtree applied and passed, the score distribution, and the unit's own card.");
    }

    private static async Task<Results<Ok<ScorecardCardResponse>, ProblemHttpResult>> SubmitAsync(
        RouteUnit unit, string scorecard, ScorecardBody body, HttpContext context, ScorecardService scorecards, CancellationToken cancellationToken)
    {
        if (body.Items is not { } items) return Problems.BadRequest("items is required: { \"1.1\": { \"grade\": \"A\" }, ... }");
        if (items.Count > MaxItems) return Problems.BadRequest($"a card has at most {MaxItems} items");
        if (items.Values.Any(i => i is null)) return Problems.BadRequest("every item needs a grade or scores");
        var input = new ScorecardInput(body.Period, items.ToDictionary(i => i.Key, i => new ItemScore(i.Value.Grade, i.Value.Self, i.Value.Acceptance)),
            body.ConfidentialityBreach);
        var result = await scorecards.SubmitAsync(unit.Code, scorecard, input, body.Id, context.Principal().Name, cancellationToken);
        if (result.UnknownRubric) return Problems.NotFound(result.Error!);
        if (result.Card is not { } card) return Problems.Invalid("Scorecard refused", result.Error! + "; nothing was applied");
        return TypedResults.Ok(ScorecardCardResponse.From(card));
    }

    private static async Task<Ok<List<UnitScorecardResponse>>> GetAsync(RouteUnit unit, ScorecardService scorecards)
    {
        var found = await scorecards.GetAsync(unit.Code);
        return TypedResults.Ok(found.Rubrics.Select(r => new UnitScorecardResponse(r.Rubric.Id, r.Rubric.Title, r.Rubric.PassMark,
            r.Subtree.Applied, r.Subtree.Passed, r.Subtree.Vetoed, r.Subtree.AwaitingAcceptance, r.Subtree.Distribution,
            r.Own is null ? null : ScorecardCardResponse.From(r.Own))).ToList());
    }
}
