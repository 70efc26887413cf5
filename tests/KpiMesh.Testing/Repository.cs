namespace KpiMesh.Testing;

/// <summary>The repository the tests run from (the folder of KpiMesh.sln above them).</summary>
public static class Repository
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "KpiMesh.sln"))) return dir.FullName;
            throw new FileNotFoundException("KpiMesh.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
