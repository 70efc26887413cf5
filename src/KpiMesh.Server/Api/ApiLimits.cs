namespace KpiMesh.Server.Api;

/// <summary>Sizes the API refuses beyond, so one client cannot take memory or time from everyone else.</summary>
public static class ApiLimits
{
    /// <summary>A county's month-end upload is a few thousand values; this leaves ample room.</summary>
    public const int MaxSubmissionItems = 50_000;
    public const long MaxSubmissionBytes = 16 * 1024 * 1024;

    /// <summary>The national hierarchy (665,277 units) is about 40 MB of CSV.</summary>
    public const long MaxHierarchyBytes = 128 * 1024 * 1024;

    public const int MaxJsonDepth = 8;
    public const int MaxChildrenLimit = 5_000;
}
