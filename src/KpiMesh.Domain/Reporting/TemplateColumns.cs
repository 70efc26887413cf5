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
/// only a numerator (the denominator is 1), counts only a numerator, rates both.
/// </summary>
public static class TemplateColumns
{
    public static IReadOnlyList<TemplateColumn> For(IndicatorCatalog catalog, IReadOnlyCollection<UnitLevel> levels) =>
        catalog.All
            .Where(i => i.ComputedFrom is null && i.SubmittedAt.Any(levels.Contains))
            .SelectMany(i => (i.HasOptions ? i.Options.Select(o => (string?)o) : [null]).SelectMany(option =>
                i.IsCoverage || i.IsCount ? [new TemplateColumn(i, option, ValuePart.Numerator)]
                : new[] { new TemplateColumn(i, option, ValuePart.Numerator), new TemplateColumn(i, option, ValuePart.Denominator) }))
            .ToList();

    /// <summary>The columns a unit of <paramref name="level"/> fills in.</summary>
    public static bool IsDueAt(this TemplateColumn column, UnitLevel level) => column.Indicator.IsSubmittedAt(level);
}
