using KpiMesh.Domain.Text;

namespace KpiMesh.Domain.Scorecards;

/// <summary>The checks every rubric makes before it scores a side of a card, and the parts of a sheet they share.</summary>
internal static class ScorecardChecks
{
    public static ScoreRefusal? UnknownItem(IScorecardRubric rubric, ScoreInput input)
    {
        var known = rubric.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        if (input.Items.Keys.FirstOrDefault(id => !known.Contains(id)) is { } unknown)
            return Invalid($"unknown item '{UserText.Clip(unknown, 20)}' for {rubric.Id}");
        return null;
    }

    public static ScoreRefusal Invalid(string detail) => new(detail, []);

    public static ScoreRefusal Incomplete(IScorecardRubric rubric, IReadOnlyList<string> missing) =>
        new($"the card is incomplete: items {string.Join(", ", missing)} are not marked; every item of {rubric.Id} is marked before it is scored", missing);

    public static ScoreSheet Sheet(IScorecardRubric rubric, IReadOnlyDictionary<string, decimal> points, bool vetoed)
    {
        var counted = rubric.Sections.Where(s => s.CountsTowardsTotal).Select(s => s.Number).ToHashSet();
        var total = rubric.Items.Where(i => counted.Contains(i.Section)).Sum(i => points.GetValueOrDefault(i.Id));
        var bonus = rubric.Items.Where(i => !counted.Contains(i.Section)).Sum(i => points.GetValueOrDefault(i.Id));
        var sections = rubric.Sections.ToDictionary(s => s.Number, s => rubric.Items.Where(i => i.Section == s.Number).Sum(i => points.GetValueOrDefault(i.Id)));
        return new ScoreSheet(points, total, bonus, sections, vetoed, total >= rubric.PassMark, rubric.Buckets.First(b => b.Holds(total)).Name);
    }
}
