using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Programmes;
using KpiMesh.Domain.Reporting;

namespace KpiMesh.Domain.Tests;

/// <summary>Which columns a subtree's template carries, and where each is due: a city's own indicator reaches its counties only.</summary>
public sealed class TemplateColumnTests
{
    /// <summary>The test tree with a sibling city (唐山 1302) whose county must not see Shijiazhuang's own column.</summary>
    private static readonly UnitDirectory Units = TestHierarchy.LoadWider();

    /// <summary>The shipped default with an indicator Shijiazhuang (1301) added for its own counties.</summary>
    private static readonly Programme WithCityIndicator = Load();

    private static Programme Load()
    {
        var part = Programme.Parse("""
            { "indicators": [ { "id": "city_hotline_staff", "names": { "zh": "市热线坐席数", "en": "City hotline staff" }, "unit": "人",
              "kind": "count", "submittedAt": ["county"], "source": "test: a city's own indicator" } ] }
            """, null);
        var document = Programme.Default.WithScope("1301", part.Programme!.Document);
        var (programme, problems) = Programme.Parse(document.ToJson(), Units);
        Assert.True(programme is not null, string.Join("; ", problems.Select(p => p.Path + " " + p.Message)));
        return programme!;
    }

    private static IReadOnlyList<string> Codes(string subtree, params UnitLevel[] levels) =>
        TemplateColumns.For(TemplateColumns.InSubtree(WithCityIndicator.Catalog, subtree, Units), levels).Select(c => c.Code).ToList();

    [Fact]
    public void A_citys_own_indicator_is_a_column_of_its_counties_templates_and_not_of_a_siblings()
    {
        Assert.Contains("city_hotline_staff.numerator", Codes("130102", UnitLevel.County));
        Assert.Contains("city_hotline_staff.numerator", Codes("1301", UnitLevel.County));
        // The province's template reaches into the city, so it carries the column; Tangshan's does not.
        Assert.Contains("city_hotline_staff.numerator", Codes("13", UnitLevel.County));
        Assert.DoesNotContain("city_hotline_staff.numerator", Codes("1302", UnitLevel.County));
        Assert.DoesNotContain("city_hotline_staff.numerator", Codes("130202", UnitLevel.County));
        // Programme-wide columns are everywhere alike.
        Assert.Equal(Codes("130202", UnitLevel.County), Codes("130102", UnitLevel.County).Where(c => !c.StartsWith("city_hotline_staff", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_scoped_column_is_due_only_at_units_inside_its_scope()
    {
        var column = TemplateColumns.For(TemplateColumns.InSubtree(WithCityIndicator.Catalog, "13", Units), [UnitLevel.County])
            .Single(c => c.Indicator.Id == "city_hotline_staff");
        Assert.True(column.IsDueAt(UnitLevel.County, ["130102", "1301", "13", "86"]));
        Assert.False(column.IsDueAt(UnitLevel.County, ["130202", "1302", "13", "86"]));
        Assert.False(column.IsDueAt(UnitLevel.Town, ["130102001", "130102", "1301", "13", "86"]));
    }
}
