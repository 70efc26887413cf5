using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;

namespace KpiMesh.Server.Api;

internal static class IndicatorEndpoints
{
    public static void MapIndicatorEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/indicators", (IndicatorCatalog catalog) => TypedResults.Ok(catalog.All.Select(i => new IndicatorResponse(
            i.Id, i.Title, i.Kind.ToString().ToLowerInvariant(), i.SubmittedAt.Select(l => l.ToWireName()).ToList(), i.Options,
            i.NumeratorMeaning, i.DenominatorMeaning, i.Source, i.ComputedFrom, i.AlertOnRise)).ToList()))
            .WithSummary("The indicator catalog.");
    }
}
