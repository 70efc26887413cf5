using KpiMesh.Domain.Attributes;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Programmes;
using KpiMesh.Domain.Reports;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;
using KpiMesh.Domain.Targets;

namespace KpiMesh.Domain.Tests;

/// <summary>The programme as data: the document, its validation, every kind, scopes, attributes, the superior rule, local days.</summary>
public sealed class ProgrammeTests
{
    private static readonly UnitDirectory Units = TestHierarchy.LoadWider();

    private static readonly DateOnly Today = new(2026, 11, 24);

    private static string Doc(string indicators, string targets = "") =>
        $$"""{ "name": "test", "indicators": [ {{indicators}} ], "targets": [ {{targets}} ] }""";

    private const string Professionals = """
        { "id": "professionals_per_100k", "names": { "zh": "每10万人口心理服务专业人员数", "en": "Professionals per 100,000 population" },
          "kind": "per_population", "submittedAt": ["county"], "attribute": "population", "scale": 100000, "source": "seed 004" }
        """;

    private static Programme Valid(string json, UnitDirectory? directory = null)
    {
        var (programme, problems) = Programme.Parse(json, directory ?? Units);
        Assert.True(programme is not null, string.Join("\n", problems.Select(p => $"{p.Path}: {p.Message}")));
        return programme!;
    }

    private static IReadOnlyList<ProgrammeProblem> Problems(string json, UnitDirectory? directory = null)
    {
        var (programme, problems) = Programme.Parse(json, directory ?? Units);
        Assert.Null(programme);
        return problems;
    }

    private static string Target(string indicator, string milestones, string? scope = null, string? option = null) =>
        $$"""{ "indicator": "{{indicator}}", "option": {{(option is null ? "null" : $"\"{option}\"")}}{{(scope is null ? "" : $", \"scope\": \"{scope}\"")}}, "baseline": { "date": "2019-01-01", "value": 0 }, "milestones": [ {{milestones}} ], "source": "test" }""";

    [Fact]
    public void Approval_stops_at_the_programmes_level_the_province_unless_it_says_otherwise()
    {
        Assert.Equal(UnitLevel.Province, Valid(Doc(Professionals)).ApprovalStopsAt);
        Assert.Equal(UnitLevel.City, Valid(Doc(Professionals).Replace("\"name\": \"test\"", "\"name\": \"test\", \"approvalStopsAt\": \"city\"")).ApprovalStopsAt);
        foreach (var bad in new[] { "village", "school", "prefecture" })
        {
            var problem = Problems(Doc(Professionals).Replace("\"name\": \"test\"", $"\"name\": \"test\", \"approvalStopsAt\": \"{bad}\"")).Single();
            Assert.Equal("$.approvalStopsAt", problem.Path);
            Assert.Contains(bad, problem.Message);
        }
        // The shipped programmes stop where their issuer signs off: a city's programme at the city, a county's at the county.
        Assert.Equal(UnitLevel.Province, Programme.Default.ApprovalStopsAt);
        Assert.Equal(UnitLevel.City, Valid(ShippedProgrammes.Read("yinchuan.json")).ApprovalStopsAt);
        Assert.Equal(UnitLevel.County, Valid(ShippedProgrammes.Read("helan.json")).ApprovalStopsAt);
        // It survives the round trip through the stored document.
        Assert.Equal(UnitLevel.County, Valid(Valid(ShippedProgrammes.Read("helan.json")).Document.ToJson()).ApprovalStopsAt);
    }

    [Fact]
    public void Every_shipped_programme_is_valid_and_cites_its_seed_on_every_line()
    {
        Assert.Equal(["chongqing.json", "default.json", "helan.json", "wuhan.json", "wuzhong.json", "yinchuan.json"], ShippedProgrammes.Names);
        foreach (var name in ShippedProgrammes.Names)
        {
            var programme = Valid(ShippedProgrammes.Read(name), TestHierarchy.Load());
            Assert.All(programme.Catalog.All, i => Assert.Matches("seed 00[0-4]", i.Source));
            Assert.All(programme.Document.Targets!, t => Assert.Matches("seed 00[0-4]", t!.Source));
            Assert.Equal("Asia/Shanghai", programme.TimeZone.Id);
        }
        // The new indicators exist where the seeds name them.
        var yinchuan = Valid(ShippedProgrammes.Read("yinchuan.json"));
        Assert.Equal(25, yinchuan.Targets.Resolve([], "professionals_per_100k", null)!.Schedule.Milestones.Single().Value);
        Assert.Equal(0.8, yinchuan.Targets.Resolve([], "village_room_rate", null)!.Schedule.Milestones.Single().Value); // one deadline
        Assert.NotNull(yinchuan.Catalog.Find("crisis_teams"));
        var chongqing = Valid(ShippedProgrammes.Read("chongqing.json"));
        Assert.Equal(0.85, chongqing.Targets.Resolve([], "village_room_rate", null)!.Schedule.Milestones.Single().Value);
        Assert.Equal(0.5, chongqing.Targets.Resolve([], "general_hospital_clinic_rate", null)!.Schedule.Milestones.Single().Value);
        var wuzhong = Valid(ShippedProgrammes.Read("wuzhong.json"));
        Assert.All(["village_room_rate", "town_station_rate", "county_center_rate"], id => Assert.Equal(1.0, wuzhong.Targets.Resolve([], id, null)!.Schedule.Milestones[^1].Value));
        Assert.Equal(2, Valid(ShippedProgrammes.Read("wuhan.json")).Targets.Resolve([], "village_room_rate", null)!.Schedule.Milestones.Count);
        foreach (var id in new[] { "hotline_24h", "crisis_teams", "professionals_per_100k", "community_rehab_rate", "family_school_rate", "minors_centres", "trainings_held", "training_hours" })
            Assert.NotNull(Programme.Default.Catalog.Find(id));
    }

    [Fact]
    public void Every_problem_of_a_document_is_reported_with_its_json_path()
    {
        var problems = Problems(Doc("""
            { "id": "Bad Id", "names": { "zh": "", "en": "x" }, "kind": "rate", "submittedAt": ["villa"], "source": "s" },
            { "id": "ok_one", "names": { "zh": "甲", "en": "a" }, "kind": "per_population", "submittedAt": ["county"], "source": "s" }
            """, Target("ok_one", """{ "due": "2018-12-31", "value": -1 }""")));
        var paths = problems.Select(p => p.Path).ToList();
        Assert.Contains("$.indicators[0].id", paths);
        Assert.Contains("$.indicators[0].names.zh", paths);
        Assert.Contains("$.indicators[0].kind", paths);
        Assert.Contains("$.indicators[0].submittedAt[0]", paths);
        Assert.Contains("$.indicators[1].attribute", paths);
        Assert.Contains("$.indicators[1].scale", paths);
        Assert.Contains("$.targets[0].indicator", paths); // ok_one was refused, so its target names an unknown indicator

        var json = Problems("""{ "indicators": [ { "id": "x", "bogus": 1 } ] }""").Single();
        Assert.StartsWith("$.indicators[0]", json.Path);
        Assert.Contains("not a valid programme document", json.Message);
        Assert.Equal("$.timeZone", Problems("""{ "timeZone": "Mars/Olympus", "indicators": [] }""").Single().Path);
    }

    [Fact]
    public void One_indicator_submitted_at_two_levels_of_one_path_is_refused()
    {
        // family_counselling_rate from a town and its primary-care units would count the same patients twice.
        var problem = Problems(Doc("""
            { "id": "family_counselling_rate", "names": { "zh": "居家患者及家属心理疏导", "en": "Family counselling" }, "kind": "ratio",
              "submittedAt": ["primary_care", "town"], "source": "seed 004" }
            """)).Single();
        Assert.Equal("$.indicators[0].submittedAt[1]", problem.Path);
        Assert.Contains("count them twice", problem.Message);
        // Sibling institutions never contain each other.
        Valid(Doc("""{ "id": "workplace_room_rate", "names": { "zh": "机关企事业单位心理辅导室", "en": "Workplaces" }, "kind": "coverage", "submittedAt": ["enterprise", "agency"], "source": "seed 004" }"""));
    }

    [Fact]
    public void Options_declare_whether_their_sum_is_a_total()
    {
        const string awareness = """{ "id": "awareness_rate", "names": { "zh": "知晓率", "en": "Awareness" }, "kind": "ratio", "submittedAt": ["county"], "options": ["cadres", "rural"], "source": "seed 004" """;
        Assert.Equal("$.indicators[0].optionsTotal", Problems(Doc(awareness + "}")).Single().Path);
        var noPool = Problems(Doc(awareness + ", \"optionsTotal\": false }", Target("awareness_rate", """{ "due": "2021-12-31", "value": 0.6 }""")));
        Assert.Equal("$.targets[0].option", noPool.Single().Path);
        Assert.Contains("no pooled total", noPool.Single().Message);
        var pooled = Valid(Doc(awareness + ", \"optionsTotal\": true }", Target("awareness_rate", """{ "due": "2021-12-31", "value": 0.6 }""")));
        Assert.Equal([null, "cadres", "rural"], pooled.Catalog.Find("awareness_rate")!.Series());
    }

    [Fact]
    public void Per_population_divides_by_the_attribute_of_each_values_period_year_or_the_latest_earlier_one()
    {
        var programme = Valid(Doc(Professionals, Target("professionals_per_100k", """{ "due": "2021-12-31", "value": 25 }""")));
        var (entries, problems) = AttributeBook.Merge([], """
            code,attribute,year,value
            130102,population,2025,400000
            130102,population,2026,410000
            130104,population,2024,600000
            130104,population,2025,650000
            130202,population,2026,900000
            """, Units);
        Assert.Empty(problems);
        var attributes = new AttributeBook(entries, code => Units.Ancestors(code).Select(a => a.Code));
        Assert.Equal(410_000 + 650_000, attributes.SumInSubtree("1301", "population", 2026)); // 130104 has no 2026: its 2025
        Assert.Equal(0, attributes.SumInSubtree("1301", "population", 2023));                  // nothing that early

        var key = new RollupKey("professionals_per_100k", null);
        Contribution Own(string code, long professionals, string period) =>
            OwnContribution.Build([new(key, new OwnValue(professionals, 0, period, null, 0, DateTimeOffset.UnixEpoch))], programme.Catalog, code, attributes);
        // Each value is divided by the population of its own period's year, whatever the day it is read on:
        Assert.Equal(new RollupCell(120, 410_000, 1), Own("130102", 120, "2026-03")[key]); // 2026's population
        Assert.Equal(new RollupCell(110, 400_000, 1), Own("130102", 110, "2025Q4")[key]);  // 2025's
        Assert.Equal(new RollupCell(150, 650_000, 1), Own("130104", 150, "2026-06")[key]); // 2026 missing: the latest earlier year, 2025
        Assert.Equal(new RollupCell(90, 600_000, 1), Own("130104", 90, "2024")[key]);
        Assert.Equal(new RollupCell(5, 0, 1), Own("130104", 5, "2023")[key]);              // no population that early: numerator only

        // The city sums numerators and denominators of its counties' latest contributions: exact, and a repeated report changes nothing.
        var city = new SubtreeRollup();
        city.ReplaceChild("130102", 1, Own("130102", 120, "2026-03"));
        city.ReplaceChild("130104", 1, Own("130104", 90, "2024"));
        city.ReplaceChild("130104", 2, Own("130104", 150, "2026-06"));
        city.ReplaceChild("130104", 2, Own("130104", 150, "2026-06"));
        city.ReplaceChild("130104", 1, Own("130104", 90, "2024")); // stale: refused
        var row = new UnitReportBuilder(programme, Units, Today).Build("1301", city.Total).Single();
        Assert.Equal((270L, 1_060_000L, 2), (row.Numerator, row.Denominator, row.ReportedUnits));
        Assert.Equal(270 * 100000.0 / 1_060_000, row.Value);
        Assert.Equal(25, row.Target!.Value);
        Assert.Equal(TargetStatus.Met, row.Status); // 25.5 per 100,000 >= 25
        // Read on a day of another year, the same values keep the same denominator (the period's year, not the reader's).
        Assert.Equal(1_060_000, new UnitReportBuilder(programme, Units, new DateOnly(2030, 1, 1)).Build("1301", city.Total).Single().Denominator);
        var fewer = new UnitReportBuilder(programme, Units, Today).Build("1301", Contribution.Sum([Own("130102", 50, "2026"), Own("130104", 50, "2025")])).Single();
        Assert.Equal(TargetStatus.OffTrack, fewer.Status); // 100 per 1,060,000 = 9.4 per 100,000
    }

    [Fact]
    public void A_change_of_a_norm_or_of_the_attributes_makes_the_units_that_submit_them_judge_their_values_again()
    {
        const string universities = """{ "id": "university_teacher_ratio", "names": { "zh": "高校专职心理教师配比达标率", "en": "Universities meeting 1:4000" }, "kind": "norm_share", "submittedAt": ["university"], "norm": { "numerator": 1, "denominator": 4000 }, "source": "seed 002" }""";
        var before = Valid(Doc(Rooms + "," + universities + "," + Professionals));
        Assert.Empty(ProgrammeChanges.UnitsToRejudge(before, before, attributesChanged: false, Units));
        // Rooms are judged when read: a new room target re-judges nobody's own part.
        Assert.Empty(ProgrammeChanges.UnitsToRejudge(before, Valid(Doc(Rooms + "," + universities + "," + Professionals, DefaultRooms)), false, Units));
        var stricter = Valid(Doc(Rooms + "," + universities.Replace("4000", "3000") + "," + Professionals));
        Assert.Equal(["130102-U1", "130102-U2", "130104-U1"], ProgrammeChanges.UnitsToRejudge(before, stricter, false, Units).Order(StringComparer.Ordinal));
        Assert.Equal(["130102", "130104", "130202"], ProgrammeChanges.UnitsToRejudge(before, before, attributesChanged: true, Units).Order(StringComparer.Ordinal));
        // Scoped to a city: only its counties.
        var scoped = Valid(Doc(Rooms + "," + Professionals.Replace("\"source\"", "\"scope\": \"1301\", \"source\"")));
        Assert.Equal(["130102", "130104"], ProgrammeChanges.UnitsToRejudge(scoped, scoped, true, Units).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Norm_share_is_the_share_of_units_meeting_the_norm_not_a_pooled_ratio()
    {
        var programme = Valid(Doc("""
            { "id": "university_teacher_ratio", "names": { "zh": "高校专职心理教师配比达标率", "en": "Universities meeting 1:4000" }, "kind": "norm_share",
              "submittedAt": ["university"], "norm": { "numerator": 1, "denominator": 4000 }, "source": "seed 002: 师生比不少于1:4000" }
            """));
        OwnValue V(long teachers, long students) => new(teachers, students, "2021", null, 0, DateTimeOffset.UnixEpoch);
        var key = new RollupKey("university_teacher_ratio", null);
        // One big university far above the norm and one just below: pooled, 21 per 44,000 students looks met (1:2095).
        var a = OwnContribution.Build([new(key, V(20, 40_000))], programme.Catalog);
        var b = OwnContribution.Build([new(key, V(1, 4_001))], programme.Catalog);
        var exactly = OwnContribution.Build([new(key, V(2, 8_000))], programme.Catalog);
        Assert.Equal(new RollupCell(1, 1, 1), a[key]);
        Assert.Equal(new RollupCell(0, 1, 1), b[key]);
        Assert.Equal(new RollupCell(1, 1, 1), exactly[key]);
        var row = new UnitReportBuilder(programme, Units, Today).Build("13", Contribution.Sum([a, b])).Single();
        Assert.Equal((1L, 3L, 2), (row.Numerator, row.Denominator, row.ReportedUnits)); // three universities exist, one meets it
        // Teachers may outnumber the norm's ratio: a norm-share submission is not refused for numerator > denominator.
        var validator = new SubmissionValidator(programme.Catalog, Units.Find, c => Units.Ancestors(c).Select(u => u.Code));
        Assert.Null(validator.Validate(new SubmissionInput("130102-U1", "university_teacher_ratio", null, 5, 4, "2021", null)).Error);
    }

    [Fact]
    public void Counts_show_the_count_and_may_have_a_target()
    {
        var programme = Valid(Doc("""
            { "id": "crisis_teams", "names": { "zh": "心理危机干预队伍数", "en": "Crisis teams" }, "kind": "count", "unit": "支", "submittedAt": ["county"], "source": "seed 004: 7支心理危机干预团队" }
            """, Target("crisis_teams", """{ "due": "2021-12-31", "value": 7 }""", scope: "1301")));
        var rows = new UnitReportBuilder(programme, Units, Today).Build("1301",
            new Contribution(new Dictionary<RollupKey, RollupCell> { [new("crisis_teams", null)] = new(7, 0, 2, 5) }));
        Assert.Equal((7L, (double?)null, TargetStatus.Met), (rows.Single().Numerator, rows.Single().Value, rows.Single().Status));
    }

    [Fact]
    public void An_indicator_defined_for_a_subtree_exists_only_there()
    {
        var programme = Valid(Doc(Professionals.Replace("\"source\"", "\"scope\": \"1301\", \"source\""),
            Target("professionals_per_100k", """{ "due": "2021-12-31", "value": 25 }""", scope: "1301")));
        var builder = new UnitReportBuilder(programme, Units, Today);
        Assert.Single(builder.Build("1301", Contribution.Empty));
        Assert.Single(builder.Build("130102", Contribution.Empty));
        Assert.Empty(builder.Build("1302", Contribution.Empty)); // the sibling city
        Assert.Empty(builder.Build("13", Contribution.Empty));   // and above it
        var validator = new SubmissionValidator(programme.Catalog, Units.Find, c => Units.Ancestors(c).Select(u => u.Code));
        Assert.Null(validator.Validate(new SubmissionInput("130102", "professionals_per_100k", null, 40, null, "2026", null)).Error);
        Assert.Contains("defined for the subtree of 1301 only", validator.Validate(new SubmissionInput("130202", "professionals_per_100k", null, 40, null, "2026", null)).Error);
        Assert.Contains("numerator only", validator.Validate(new SubmissionInput("130102", "professionals_per_100k", null, 40, 100, "2026", null)).Error);
        // A target for it outside its subtree, or without a scope, is refused.
        Assert.Equal("$.targets[0].scope", Problems(Doc(Professionals.Replace("\"source\"", "\"scope\": \"1301\", \"source\""),
            Target("professionals_per_100k", """{ "due": "2021-12-31", "value": 25 }""", scope: "1302"))).Single().Path);
    }

    private const string Rooms = """{ "id": "village_room_rate", "names": { "zh": "村（社区）心理咨询室建成率", "en": "Village rooms" }, "kind": "coverage", "submittedAt": ["village"], "source": "seed 004" }""";
    private static readonly string DefaultRooms = Target("village_room_rate", """{ "due": "2020-12-31", "value": 0.5 }, { "due": "2021-12-31", "value": 0.8 }""");

    [Fact]
    public void The_province_sets_its_own_targets_whatever_their_value_and_below_it_only_stricter_ones()
    {
        // Hebei's 70% by 2021 is below the programme's 80%: a province's own target is the default of its subtree.
        var hebei = Target("village_room_rate", """{ "due": "2021-12-31", "value": 0.7 }""", scope: "13");
        Valid(Doc(Rooms, DefaultRooms + "," + hebei));
        // A county below asking 60%: refused, naming the superior's 70%.
        var county = Problems(Doc(Rooms, DefaultRooms + "," + hebei + "," + Target("village_room_rate", """{ "due": "2021-12-31", "value": 0.6 }""", scope: "130102"))).Single();
        Assert.Equal("$.targets[2]", county.Path);
        Assert.Contains("asks 60% but the superior's target (set by 13) asks 70%", county.Message);
        // A city asking 75%: stricter than Hebei's 70%, accepted (though laxer than the programme's 80%, which Hebei replaced).
        var withCity = Valid(Doc(Rooms, DefaultRooms + "," + hebei + "," + Target("village_room_rate", """{ "due": "2021-12-31", "value": 0.75 }""", scope: "1301")));
        Assert.Equal(("1301", 0.75), (withCity.Targets.Resolve(["130102", "1301", "13", "86"], "village_room_rate", null)!.SetAt,
            withCity.Targets.Resolve(["130102", "1301", "13", "86"], "village_room_rate", null)!.Schedule.Milestones[^1].Value));
        // A city adopting a seed's single deadline (Yinchuan's 80% by 2021) under the two-milestone programme: accepted.
        Valid(Doc(Rooms, DefaultRooms + "," + Target("village_room_rate", """{ "due": "2021-12-31", "value": 0.8 }""", scope: "1301")));
    }

    [Fact]
    public void Days_are_local_to_the_programmes_time_zone()
    {
        var programme = Valid(Doc(Rooms));
        Assert.Equal("Asia/Shanghai", programme.TimeZone.Id);
        // 16:30 UTC on the 24th is 00:30 on the 25th in Beijing: "today" has already turned.
        Assert.Equal(new DateOnly(2026, 11, 25), programme.Today(new DateTimeOffset(2026, 11, 24, 16, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 24), programme.Today(new DateTimeOffset(2026, 11, 24, 15, 59, 0, TimeSpan.Zero)));
        var utc = Valid("""{ "timeZone": "UTC", "indicators": [] }""");
        Assert.Equal(new DateOnly(2026, 11, 24), utc.Today(new DateTimeOffset(2026, 11, 24, 16, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void No_data_gives_no_status_even_for_coverage()
    {
        var programme = Valid(Doc(Rooms, DefaultRooms));
        var builder = new UnitReportBuilder(programme, Units, Today);
        var nothing = builder.Build("13", Contribution.Empty).Single();
        Assert.Equal((0.0, (TargetStatus?)null), (nothing.Value, nothing.Status)); // 0 of 5 built, but nobody reported
        var one = builder.Build("13", new Contribution(new Dictionary<RollupKey, RollupCell> { [new("village_room_rate", null)] = new(0, 1, 1) })).Single();
        Assert.Equal(TargetStatus.OffTrack, one.Status);
    }

    [Fact]
    public void A_unit_part_replaces_only_what_that_unit_defined()
    {
        var programme = Valid(Doc(Rooms, DefaultRooms + "," + Target("village_room_rate", """{ "due": "2021-12-31", "value": 0.9 }""", scope: "1302")));
        var part = new ProgrammeDocument(null, null, null, null, null,
            [System.Text.Json.JsonSerializer.Deserialize<IndicatorSpec>(Professionals, ProgrammeDocument.Json)], []);
        var merged = Valid(programme.WithScope("1301", part).ToJson());
        Assert.Equal("1301", merged.Catalog.Find("professionals_per_100k")!.Scope);
        Assert.Equal(0.9, merged.Targets.Resolve(["1302", "13"], "village_room_rate", null)!.Schedule.Milestones[^1].Value);
        var (added, removed) = ProgrammeChanges.Indicators(programme, merged);
        Assert.Equal(["professionals_per_100k"], added);
        Assert.Empty(removed);
    }

    [Fact]
    public void Attributes_are_held_at_one_level_of_a_path_and_bad_lines_are_named()
    {
        var (_, problems) = AttributeBook.Merge([], """
            code,attribute,year,value
            1301,population,2024,1000000
            130102,population,2024,400000
            999999,population,2024,1
            130104,Population,2024,1
            130104,population,1999,1
            130104,population,2024,-5
            """, Units);
        Assert.Contains(problems, p => p.StartsWith("line 4: unknown unit"));
        Assert.Contains(problems, p => p.StartsWith("line 5: attribute"));
        Assert.Contains(problems, p => p.StartsWith("line 6: year"));
        Assert.Contains(problems, p => p.StartsWith("line 7: value"));
        Assert.Contains(problems, p => p.Contains("given for 130102 and for its ancestor 1301"));
        // A later year for the same unit adds to it; the same year replaces it.
        var (first, _) = AttributeBook.Merge([], "code,attribute,year,value\n130102,population,2024,400000\n", Units);
        var (second, none) = AttributeBook.Merge(first, "code,attribute,year,value\n130102,population,2024,410000\n130102,population,2025,420000\n", Units);
        Assert.Empty(none);
        Assert.Equal([410000L, 420000L], second.Select(e => e.Value));
    }
}
