using System.Diagnostics.CodeAnalysis;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiMesh.Server.Api;

/// <summary>
/// The series a read asks about (<c>?indicator=ID&amp;option=OPTION&amp;limit=N</c>), bound with
/// <c>[AsParameters]</c> and checked in one place so every endpoint refuses the same mistakes with the same words.
/// </summary>
internal sealed record SeriesQuery(string? Indicator, string? Option, int? Limit)
{
    /// <summary>The indicator and option named, or the problem to answer; <paramref name="maxLimit"/> bounds <c>limit</c>.</summary>
    public bool TryResolve(IndicatorCatalog catalog, int maxLimit, [NotNullWhen(true)] out IndicatorDefinition? definition,
        [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        definition = null;
        problem = Indicator is null ? Problems.BadRequest("the query parameter 'indicator' is required")
            : catalog.Find(Indicator) is not { } found ? Problems.BadRequest($"unknown indicator '{UserText.Clip(Indicator)}'")
            : !found.HasSeries(Option) ? Problems.BadRequest(Option is null
                ? $"{found.Id}'s options have no pooled total: give option ({string.Join(", ", found.Options)})"
                : $"{found.Id} has no option '{UserText.Clip(Option)}'")
            : CheckLimit(Limit, maxLimit);
        if (problem is not null) return false;
        definition = catalog.Find(Indicator)!;
        return true;
    }

    /// <summary>The one check of a <c>limit</c> query parameter (also for endpoints that take no series).</summary>
    public static ProblemHttpResult? CheckLimit(int? limit, int max) =>
        limit is < 1 || limit > max ? Problems.BadRequest($"limit must be between 1 and {max}") : null;
}
