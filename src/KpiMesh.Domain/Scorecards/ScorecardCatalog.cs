namespace KpiMesh.Domain.Scorecards;

/// <summary>The rubrics units can apply under.</summary>
public sealed class ScorecardCatalog(IReadOnlyList<IScorecardRubric> rubrics)
{
    public static ScorecardCatalog Default { get; } = new([HebeiDemonstrationSite.Instance, ChangzhouHealthStation.Instance]);

    public IReadOnlyList<IScorecardRubric> All { get; } = rubrics;

    public IScorecardRubric? Find(string? id) => All.FirstOrDefault(r => r.Id == id);
}
