namespace KpiMesh.Abstractions;

/// <summary>A unit's rollup over its subtree, as its grain holds it now.</summary>
/// <param name="ChangedAt">When each series last changed, for the API's <c>asOf</c>.</param>
/// <param name="TakenAt">
/// When the grain took this copy: everything the unit had applied by then is in it. A gateway that caches it knows
/// from this how old the rollup it answers with is.
/// </param>
[GenerateSerializer, Immutable, Alias("kpimesh.UnitTotals")]
public sealed record UnitTotals(
    SeriesCell[] Cells, Dictionary<string, DateTimeOffset> ChangedAt, DateTimeOffset? AsOf, DateTimeOffset TakenAt);

/// <summary>The latest contribution a parent holds from one child.</summary>
[GenerateSerializer, Immutable, Alias("kpimesh.ChildTotals")]
public sealed record ChildTotals(string Code, SeriesCell[] Cells);
