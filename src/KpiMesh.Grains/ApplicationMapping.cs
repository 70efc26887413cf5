using KpiMesh.Abstractions;
using KpiMesh.Domain.Assessment;
using KpiMesh.Domain.Scorecards;

namespace KpiMesh.Grains;

/// <summary>Between the domain's application and its wire form (the domain knows nothing of Orleans).</summary>
public static class ApplicationMapping
{
    public static ScoreInput Input(ItemMarkRecord[]? marks, bool? breach) =>
        new((marks ?? []).ToDictionary(m => m.Item, m => new ItemMark(m.Grade, m.Points), StringComparer.Ordinal), breach);

    private static ItemMarkRecord[] Marks(ScoreInput input) =>
        input.Items.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => new ItemMarkRecord(i.Key, i.Value.Grade, i.Value.Points)).ToArray();

    public static ApplicationRecord ToRecord(AssessmentApplication a, long version) => new(a.Unit, a.Rubric, a.Year, a.Stage.ToWireName(),
        Marks(a.Self), a.Self.ConfidentialityBreach, a.Materials.ToArray(), a.OnSite is null ? null : Marks(a.OnSite), a.OnSite?.ConfidentialityBreach,
        a.Assessor, a.Assessments, a.Reasons.ToArray(), a.RectifyBy, a.NamedOn,
        a.Steps.Select(s => new ApplicationStepRecord(s.Action, s.Stage.ToWireName(), s.By, s.At, s.Note)).ToArray(), version);

    public static AssessmentApplication ToDomain(ApplicationRecord r) => new(r.Unit, r.Rubric, r.Year, Stage(r.Stage),
        Input(r.Self, r.SelfBreach), r.Materials, r.OnSite is null ? null : Input(r.OnSite, r.OnSiteBreach), r.Assessor, r.Assessments, r.Reasons,
        r.RectifyBy, r.NamedOn, r.Steps.Select(s => new ApplicationStep(s.Action, Stage(s.Stage), s.By, s.At, s.Note)).ToList());

    public static ApplicationStage Stage(string wireName) =>
        ApplicationStages.TryParse(wireName, out var stage) ? stage : throw new InvalidDataException($"unknown application stage '{wireName}' in stored state");

    public static string WireName(RefusalKind kind) => kind switch
    {
        RefusalKind.WrongStage => "wrong_stage",
        RefusalKind.NotEligible => "not_eligible",
        RefusalKind.DeadlinePassed => "deadline_passed",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
