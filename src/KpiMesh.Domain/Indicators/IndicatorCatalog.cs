namespace KpiMesh.Domain.Indicators;

/// <summary>
/// The indicators of the programme in force (<see cref="Programmes.Programme"/>), including those a city or county
/// defined for its own subtree. Ids are unique across the whole programme, so an id names one definition everywhere.
/// </summary>
public sealed class IndicatorCatalog
{
    private readonly Dictionary<string, IndicatorDefinition> _byId;

    public IndicatorCatalog(IReadOnlyList<IndicatorDefinition> indicators)
    {
        All = indicators;
        _byId = indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<IndicatorDefinition> All { get; }

    public IndicatorDefinition? Find(string? id) => id is not null && _byId.TryGetValue(id, out var found) ? found : null;

    /// <summary>The indicators that exist at a unit (global ones and those scoped to it or an ancestor).</summary>
    public IEnumerable<IndicatorDefinition> At(IReadOnlyCollection<string> unitThenAncestors) => All.Where(i => i.AppliesAt(unitThenAncestors));
}
