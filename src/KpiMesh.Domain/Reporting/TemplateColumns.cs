using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;

namespace KpiMesh.Domain.Reporting;

public enum ValuePart
{
    Numerator,
    Denominator,
}

/// <summary>
/// One value column of a reporting template: an indicator, an option and which part of the value. <see cref="Code"/>
/// is what the header row carries and what an upload is read back by (<c>indicator[.option].numerator|denominator</c>).
/// </summary>
public sealed record TemplateColumn(IndicatorDefinition Indicator, string? Option, ValuePart Part)
{
    public string Code => $"{Indicator.Id}{(Option is null ? "" : "." + Option)}.{(Part == ValuePart.Numerator ? "numerator" : "denominator")}";

    /// <summary>The clerk's label: the indicator's title, the option, and 分子/分母 (yes/no indicators: 是否建成 1/0).</summary>
    public string Name => Indicator.IsCoverage ? $"{Indicator.Names.Zh}（是=1，否=0）"
        : $"{Indicator.Names.Zh}{(Option is null ? "" : "·" + Option)}·{(Part == ValuePart.Numerator ? "分子" : "分母")}";

    public IReadOnlyList<UnitLevel> Levels => Indicator.SubmittedAt;
}

/// <summary>
/// Which values a level submits, as template columns. This is the one place reporting asks the programme in force (its
/// <see cref="IndicatorCatalog"/>) what is due where: computed indicators are never entered, yes/no indicators take
/// only a numerator (the denominator is 1), counts only a numerator, rates both. Indicators scoped to a subtree (a city
/// adding one for its own counties) are columns only of templates that reach into that subtree, and due only at its units.
/// </summary>
public static class TemplateColumns
{
    /// <param name="indicators">The indicators that exist in the template's subtree (<see cref="InSubtree"/>).</param>
    public static IReadOnlyList<TemplateColumn> For(IEnumerable<IndicatorDefinition> indicators, IReadOnlyCollection<UnitLevel> levels) =>
        indicators
            .Where(i => i.ComputedFrom is null && i.SubmittedAt.Any(levels.Contains))
            .SelectMany(i => (i.HasOptions ? i.Options.Select(o => (string?)o) : [null]).SelectMany(option =>
                i.IsCoverage || i.IsCount ? [new TemplateColumn(i, option, ValuePart.Numerator)]
                : new[] { new TemplateColumn(i, option, ValuePart.Numerator), new TemplateColumn(i, option, ValuePart.Denominator) }))
            .ToList();

    /// <summary>
    /// The indicators that exist somewhere in <paramref name="code"/>'s subtree: those in force at the unit
    /// (<see cref="IndicatorCatalog.At"/> over it and its ancestors: programme-wide, or scoped to it or above it) and those
    /// a unit inside the subtree defined for its own. A sibling's scoped indicator is not among them.
    /// </summary>
    public static IReadOnlyList<IndicatorDefinition> InSubtree(IndicatorCatalog catalog, string code, UnitDirectory directory)
    {
        var path = directory.Ancestors(code).Select(a => a.Code).Prepend(code).ToList();
        var atUnit = catalog.At(path).ToHashSet();
        return catalog.All.Where(i => atUnit.Contains(i) || (i.Scope is { } scope && directory.Ancestors(scope).Any(a => a.Code == code))).ToList();
    }

    /// <summary>Whether a unit of <paramref name="level"/> under <paramref name="unitThenAncestors"/> fills in this column.</summary>
    public static bool IsDueAt(this TemplateColumn column, UnitLevel level, IReadOnlyCollection<string> unitThenAncestors) =>
        column.Indicator.IsSubmittedAt(level) && column.Indicator.AppliesAt(unitThenAncestors);
}
