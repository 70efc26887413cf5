using KpiMesh.Domain.Text;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Scorecards;

/// <summary>The checks every rubric makes before it scores a card.</summary>
internal static class ScorecardChecks
{
    public static string? Common(IScorecardRubric rubric, ScorecardInput input)
    {
        if (ReportingPeriod.Problem(input.Period) is { } badPeriod) return badPeriod;
        var known = rubric.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        if (input.Items.Keys.FirstOrDefault(id => !known.Contains(id)) is { } unknown)
            return $"unknown item '{UserText.Clip(unknown, 20)}' for {rubric.Id}";
        return null;
    }

    public static IReadOnlyDictionary<int, decimal> BySection(IScorecardRubric rubric, Func<ScorecardItem, decimal> points) =>
        rubric.Sections.ToDictionary(s => s.Number, s => rubric.Items.Where(i => i.Section == s.Number).Sum(points));

    public static string? Bucket(IScorecardRubric rubric, decimal? score) =>
        score is { } value ? rubric.Buckets.First(b => b.Holds(value)).Name : null;
}
