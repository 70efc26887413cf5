namespace KpiMesh.Server.Seeding;

/// <summary>Finds the project's shared data (<c>shared/data</c>, beside the repository) without configuration.</summary>
internal static class SharedData
{
    public static string? Find(string fileName)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", fileName);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
