using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Tests;

public sealed class HierarchyImportTests
{
    private static HierarchyError? PlanError(string csv, UnitDirectory? existing = null)
    {
        var parsed = HierarchyCsv.Parse(csv);
        return parsed.Error ?? HierarchyImportPlanner.Plan(parsed.Rows, existing ?? new UnitDirectory()).Error;
    }

    [Fact]
    public void Loads_every_level_and_counts_subtrees()
    {
        var directory = TestHierarchy.Load();
        Assert.Equal(15, directory.Count);
        Assert.Equal(5, directory.CountInSubtree("13", UnitLevel.Village));
        Assert.Equal(3, directory.CountInSubtree("130102", UnitLevel.Village));
        Assert.Equal(2, directory.CountInSubtree("1301", UnitLevel.School));
        Assert.Equal(1, directory.CountInSubtree("130102001001", UnitLevel.Village));
        Assert.Equal(0, directory.CountInSubtree("130102001001", UnitLevel.Town));
        Assert.Equal(["130102001", "130102002"], directory.ChildrenOf("130102"));
        Assert.Equal(["130102001", "130102", "1301", "13", "86"], directory.Ancestors("130102001001").Select(u => u.Code));
    }

    [Fact]
    public void Reimporting_the_same_file_changes_nothing()
    {
        var directory = TestHierarchy.Load();
        var again = HierarchyImportPlanner.Plan(HierarchyCsv.Parse(TestHierarchy.Csv).Rows, directory);
        Assert.Null(again.Error);
        Assert.Empty(again.Plan!.Changes);
        Assert.Equal(15, again.Plan.Unchanged);
    }

    [Fact]
    public void A_later_file_can_attach_units_under_loaded_ones_and_rename()
    {
        var directory = TestHierarchy.Load();
        var plan = HierarchyImportPlanner.Plan(HierarchyCsv.Parse("""
            code,name,level,parent_code
            130102002-PC1,卫生院,primary_care,130102002
            130102002001,村三（新名）,village,130102002
            """).Rows, directory);
        Assert.Null(plan.Error);
        Assert.Equal((1, 1), (plan.Plan!.Added, plan.Plan.Renamed));
        directory.Apply(plan.Plan.Changes);
        Assert.Equal("村三（新名）", directory.Find("130102002001")!.Name);
        Assert.Equal(1, directory.CountInSubtree("13", UnitLevel.PrimaryCare));
    }

    [Fact]
    public void Unknown_parent_is_refused_with_its_line()
    {
        var error = PlanError("code,name,level,parent_code\n86,国,nation,\n13,省,province,86\n1301,市,city,99\n");
        Assert.Equal(4, error!.Line);
        Assert.Contains("unknown parent 99", error.Message);
    }

    [Fact]
    public void Unknown_level_is_refused_with_its_line()
    {
        var error = PlanError("code,name,level,parent_code\n86,国,nation,\n13,省,prefecture,86\n");
        Assert.Equal(3, error!.Line);
        Assert.Contains("unknown level 'prefecture'", error.Message);
    }

    [Fact]
    public void Duplicate_code_with_a_different_parent_is_refused()
    {
        var error = PlanError("code,name,level,parent_code\n86,国,nation,\n13,省,province,86\n14,省二,province,86\n1301,市,city,13\n1301,市,city,14\n");
        Assert.Equal(6, error!.Line);
        Assert.Contains("duplicate code 1301 with a different parent", error.Message);
    }

    [Fact]
    public void Moving_a_loaded_unit_is_refused()
    {
        var error = PlanError("code,name,level,parent_code\n130102001,建北街道,town,130104\n", TestHierarchy.Load());
        Assert.Equal(2, error!.Line);
        Assert.Contains("already loaded with parent 130102", error.Message);
    }

    [Fact]
    public void A_cycle_is_refused()
    {
        var error = PlanError("code,name,level,parent_code\n86,国,nation,\n1301,市,city,130102\n130102,县,county,1301\n");
        Assert.NotNull(error);
        Assert.Contains("cycle", error!.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void A_level_that_cannot_hang_there_is_refused()
    {
        var error = PlanError("code,name,level,parent_code\n86,国,nation,\n13,省,province,86\n1301,市,city,13\n130102001,镇,town,1301\n130102,县,county,130102001\n");
        Assert.Equal(6, error!.Line);
        Assert.Contains("a county cannot hang under a town", error.Message);
    }

    [Theory]
    [InlineData("code,name\n86,国\n", 1, "header")]
    [InlineData("code,name,level,parent_code\n86,国,nation\n", 2, "expected 4 fields")]
    [InlineData("code,name,level,parent_code\n86,\"国,nation,\n", 2, "unbalanced quotes")]
    [InlineData("code,name,level,parent_code\n86,=HYPERLINK(\"x\"),nation,\n", 2, "formula")]
    [InlineData("code,name,level,parent_code\n8 6,国,nation,\n", 2, "not a well-formed unit code")]
    [InlineData("code,name,level,parent_code\n86,,nation,\n", 2, "name is empty")]
    public void Syntax_errors_name_their_line(string csv, int line, string message)
    {
        var error = HierarchyCsv.Parse(csv).Error;
        Assert.Equal(line, error!.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Quoted_fields_and_a_byte_order_mark_are_read()
    {
        var parsed = HierarchyCsv.Parse("\uFEFFcode,name,level,parent_code\n86,\"中华人民共和国, \"\"PRC\"\"\",nation,\n");
        Assert.Null(parsed.Error);
        Assert.Equal("中华人民共和国, \"PRC\"", parsed.Rows.Single().Name);
    }
}
