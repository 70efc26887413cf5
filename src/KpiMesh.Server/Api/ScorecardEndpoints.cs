using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Scorecards;

namespace KpiMesh.Server.Api;

public sealed record ScorecardItemResponse(string Id, int Section, string Title, decimal Points);

public sealed record ScorecardSectionResponse(int Number, string Title, decimal Points, bool CountsTowardsTotal);

public sealed record ScorecardRubricResponse(string Id, string Title, string Source, decimal PassMark,
    IReadOnlyList<string> EligibleLevels, string EligibilitySource, string AssessingLevel, string AssessingSource,
    IReadOnlyList<ScorecardSectionResponse> Sections, IReadOnlyList<ScorecardItemResponse> Items)
{
    public static ScorecardRubricResponse From(IScorecardRubric r) => new(r.Id, r.Title, r.Source, r.PassMark,
        r.EligibleLevels.Order().Select(l => l.ToWireName()).ToList(), r.EligibilitySource, r.AssessingLevel.ToWireName(), r.AssessingSource,
        r.Sections.Select(s => new ScorecardSectionResponse(s.Number, s.Title, s.Points, s.CountsTowardsTotal)).ToList(),
        r.Items.Select(i => new ScorecardItemResponse(i.Id, i.Section, i.Title, i.Points)).ToList());
}

internal static class ScorecardEndpoints
{
    public static void MapScorecardEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/scorecards", (ScorecardCatalog rubrics) => TypedResults.Ok(rubrics.All.Select(ScorecardRubricResponse.From).ToList()))
            .WithSummary("The scorecard rubrics (seeds 000 and 003), item by item, with who may apply and who assesses.");
    }
}
