using KpiMesh.Abstractions;
using KpiMesh.Domain.Assessment;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Scorecards;
using KpiMesh.Grains;
using KpiMesh.Server.Services;

namespace KpiMesh.Server.Seeding;

/// <summary>
/// The demo's applications in one city, walked through the workflow to every stage, so the console's
/// 示范点与健康驿站评审 section has something to show. The steps go through the same service and grain as the API's.
/// </summary>
internal sealed class DemoApplications(AssessmentService assessments, ScorecardCatalog rubrics, SiloUnitDirectory directory, TimeProvider clock)
{
    /// <summary>Where each demo application stops, in order; the cycle repeats over the chosen units.</summary>
    private static readonly string[] Stops = ["named", "under_review", "self_check", "named", "rectify", "applied", "not_named", "assessed", "named"];

    public async Task SeedAsync(string city, Random random, CancellationToken cancellationToken)
    {
        var year = ApplicationWorkflow.Today(clock.GetUtcNow()).Year;
        foreach (var rubric in rubrics.All)
        {
            var units = directory.Read(d => d.Descendants(city, UnitLevel.Village).Concat(d.Descendants(city, UnitLevel.School))
                .Concat(d.Descendants(city, UnitLevel.Agency)).Where(u => rubric.EligibleLevels.Contains(u.Level))
                .OrderBy(u => u.Code, StringComparer.Ordinal).ToList());
            var chosen = units.OrderBy(_ => random.Next()).Take(Stops.Length).ToList();
            for (var i = 0; i < chosen.Count; i++)
                await WalkAsync(chosen[i].Code, rubric, year, Stops[i], random, cancellationToken);
        }
    }

    private async Task WalkAsync(string unit, IScorecardRubric rubric, int year, string stop, Random random, CancellationToken cancellationToken)
    {
        Task<ApplicationOutcome> Step(string action, string by, ItemMarkRecord[]? marks = null, string[]? texts = null, DateOnly? due = null) =>
            assessments.StepAsync(unit, rubric, year, new ApplicationCommand(action, by, marks, rubric is ChangzhouHealthStation ? false : null, texts, due), cancellationToken);

        var complete = stop != "self_check";
        await Step("self_check", "demo-unit", Marks(rubric, random, selfCheck: true, complete), ["年度工作总结", "工作制度与台账"]);
        if (stop == "self_check") return;
        await Step("apply", "demo-unit");
        if (stop == "applied") return;
        await Step("review", "demo-reviewer");
        if (stop == "under_review") return;
        // On site the grades are lower than the unit's own. A named site must qualify, and one told to rectify or not
        // named should not, so draw again until the card fits the stop.
        var onSite = Marks(rubric, random, selfCheck: false, complete: true);
        while (stop is "named" or "rectify" or "not_named"
               && rubric.Score(ApplicationMapping.Input(onSite, rubric is ChangzhouHealthStation ? false : null)).Sheet!.Qualifies != (stop == "named"))
            onSite = Marks(rubric, random, selfCheck: false, complete: true);
        await Step("assess", "demo-assessor", onSite);
        switch (stop)
        {
            case "named": await Step("name", "demo-assessor"); break;
            case "not_named": await Step("not_name", "demo-assessor", texts: ["未达到建设标准"]); break;
            case "rectify":
                await Step("rectify", "demo-assessor", texts: ["补充专项经费", "完善危机干预预案"], due: ApplicationWorkflow.Today(clock.GetUtcNow()).AddDays(60));
                break;
        }
    }

    /// <summary>Hebei: A or B (mostly A); Changzhou: the item's points, a half or one point short now and then.</summary>
    private static ItemMarkRecord[] Marks(IScorecardRubric rubric, Random random, bool selfCheck, bool complete)
    {
        var a = selfCheck ? 0.95 : 0.8;
        return rubric.Items.Where(i => complete || random.NextDouble() < 0.7).Select(i => rubric is HebeiDemonstrationSite
                ? new ItemMarkRecord(i.Id, random.NextDouble() < a ? "A" : "B", null)
                : new ItemMarkRecord(i.Id, null, i.Id == ChangzhouHealthStation.HonoursItem ? random.Next(1, 4)
                    : random.NextDouble() < a ? i.Points : Math.Max(0, i.Points - (random.NextDouble() < 0.5 ? 0.5m : 1m))))
            .ToArray();
    }
}
