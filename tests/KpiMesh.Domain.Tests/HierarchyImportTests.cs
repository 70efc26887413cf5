using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Tests;

public sealed class HierarchyImportTests
{
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

    /// <summary>
    /// Each refusal of the planner names the line it stopped at: an unknown parent, an unknown level, a code met again
    /// under another parent, a loaded unit moved (against the test tree), a cycle, a level that cannot hang there.
    /// </summary>
    [Theory]
    [InlineData("code,name,level,parent_code\n86,国,nation,\n13,省,province,86\n1301,市,city,99\n", false, 4, "unknown parent 99")]
    [InlineData("code,name,level,parent_code\n86,国,nation,\n13,省,prefecture,86\n", false, 3, "unknown level 'prefecture'")]
    [InlineData("code,name,level,parent_code\n86,国,nation,\n13,省,province,86\n14,省二,province,86\n1301,市,city,13\n1301,市,city,14\n",
        false, 6, "duplicate code 1301 with a different parent")]
    [InlineData("code,name,level,parent_code\n130102001,建北街道,town,130104\n", true, 2, "already loaded with parent 130102")]
    [InlineData("code,name,level,parent_code\n86,国,nation,\n1301,市,city,130102\n130102,县,county,1301\n", false, 3, "cycle")]
    [InlineData("code,name,level,parent_code\n86,国,nation,\n13,省,province,86\n1301,市,city,13\n130102001,镇,town,1301\n130102,县,county,130102001\n",
        false, 6, "a county cannot hang under a town")]
    public void Refusals_of_the_plan_name_their_line(string csv, bool overTheTestTree, int line, string message)
    {
        var parsed = HierarchyCsv.Parse(csv);
        var error = parsed.Error ?? HierarchyImportPlanner.Plan(parsed.Rows, overTheTestTree ? TestHierarchy.Load() : new UnitDirectory()).Error;
        Assert.NotNull(error);
        Assert.Equal(line, error!.Line);
        Assert.Contains(message, error.Message);
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
