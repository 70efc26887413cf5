using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Tests;

/// <summary>A small hand-made tree: a province, a city, two counties, three towns, five villages, two schools.</summary>
internal static class TestHierarchy
{
    public const string Csv = """
        code,name,level,parent_code
        86,中华人民共和国,nation,
        13,河北省,province,86
        1301,石家庄市,city,13
        130102,长安区,county,1301
        130104,桥西区,county,1301
        130102001,建北街道,town,130102
        130102002,青园街道,town,130102
        130104001,东里街道,town,130104
        130102001001,村一,village,130102001
        130102001002,村二,village,130102001
        130102002001,村三,village,130102002
        130104001001,村四,village,130104001
        130104001002,村五,village,130104001
        130102001-SC1,小学一,school,130102001
        130104001-SC1,小学二,school,130104001
        """;

    /// <summary>The tree plus a sibling city (唐山 1302) with one county and one town, and three universities under 1301's counties.</summary>
    public static UnitDirectory LoadWider() => Load(Csv + """

        1302,唐山市,city,13
        130202,路南区,county,1302
        130202001,学院南路街道,town,130202
        130102-U1,大学一,university,130102
        130104-U1,大学二,university,130104
        130102-U2,大学三,university,130102
        """);

    public static UnitDirectory Load(string csv = Csv)
    {
        var parsed = HierarchyCsv.Parse(csv);
        Assert.Null(parsed.Error);
        var directory = new UnitDirectory();
        var plan = HierarchyImportPlanner.Plan(parsed.Rows, directory);
        Assert.Null(plan.Error);
        directory.Apply(plan.Plan!.Changes);
        return directory;
    }
}
