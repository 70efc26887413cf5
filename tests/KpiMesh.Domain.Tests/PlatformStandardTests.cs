using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Platform;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Tests;

/// <summary>Seed 002's standards for the three-level platform: "built" against "built to standard".</summary>
public sealed class PlatformStandardTests
{
    private static readonly UnitDirectory Units = TestHierarchy.Load();

    private static PlatformAssessor.Outcome Assess(string code, double area, int rooms, int managers, int counsellors, bool? rules = null)
    {
        var (outcome, error) = PlatformAssessor.Assess(Units.Find(code)!, new PlatformReport("2021-12", area, rooms, managers, counsellors, rules, "r1"));
        Assert.Null(error);
        return outcome!;
    }

    [Theory]
    // county: 40 m2, 3 rooms, 2 managers, 1 counsellor; town: 25, 2, 1, 1; village: 12 m2, a room, a staff member, a counsellor, rules
    [InlineData("130102", 40, 3, 2, 1, true, 0)]
    [InlineData("130102", 39.9, 3, 2, 1, false, 1)]
    [InlineData("130102", 40, 2, 2, 1, false, 1)]
    [InlineData("130102", 40, 3, 1, 1, false, 1)]
    [InlineData("130102", 40, 3, 2, 0, false, 1)]
    [InlineData("130102", 20, 1, 1, 0, false, 4)]
    [InlineData("130102001", 25, 2, 1, 1, true, 0)]
    [InlineData("130102001", 24.5, 2, 1, 1, false, 1)]
    [InlineData("130102001", 25, 1, 1, 1, false, 1)]
    [InlineData("130102001", 25, 2, 0, 1, false, 1)]
    [InlineData("130102001", 25, 2, 1, 0, false, 1)]
    [InlineData("130102001001", 12, 1, 1, 1, true, 0)]
    [InlineData("130102001001", 11, 1, 1, 1, false, 1)]
    [InlineData("130102001001", 12, 1, 0, 1, false, 1)]
    [InlineData("130102001001", 12, 1, 1, 0, false, 1)]
    public void Each_minimum_of_each_level_decides_to_standard(string code, double area, int rooms, int managers, int counsellors, bool toStandard, int shortfalls)
    {
        var outcome = Assess(code, area, rooms, managers, counsellors, Units.Find(code)!.Level == UnitLevel.Village ? true : null);
        Assert.True(outcome.Assessment.Built);
        Assert.Equal(toStandard, outcome.Assessment.ToStandard);
        Assert.Equal(shortfalls, outcome.Assessment.Shortfalls.Count);
    }

    [Fact]
    public void A_village_room_without_service_rules_is_built_not_to_standard()
    {
        var outcome = Assess("130102001001", 30, 2, 1, 1, rules: false);
        Assert.Equal((true, false), (outcome.Assessment.Built, outcome.Assessment.ToStandard));
        Assert.Contains("service rules", Assert.Single(outcome.Assessment.Shortfalls));
    }

    [Fact]
    public void No_room_or_no_area_is_not_built_and_both_values_go_in()
    {
        var outcome = Assess("130102001", 0, 0, 1, 1);
        Assert.Equal((false, false), (outcome.Assessment.Built, outcome.Assessment.ToStandard));
        Assert.Equal([("town_station_rate", 0L, "r1#built"), ("town_station_standard_rate", 0L, "r1#standard")],
            outcome.Submissions.Select(s => (s.Key.Indicator, s.Numerator, s.Id!)).ToArray());
        var built = Assess("130102001", 25, 2, 1, 1);
        Assert.All(built.Submissions, s => Assert.Equal((1L, 1L, "2021-12"), (s.Numerator, s.Denominator, s.Period.Text)));
    }

    [Fact]
    public void Bad_reports_are_refused_with_the_reason()
    {
        string? Error(string code, PlatformReport report) => PlatformAssessor.Assess(Units.Find(code)!, report).Error;
        Assert.Contains("counties, towns and villages", Error("1301", new("2021", 50, 3, 2, 1, null, null)));
        Assert.Contains("period is required", Error("130102", new(null, 50, 3, 2, 1, null, null)));
        Assert.Contains("areaSquareMetres is required", Error("130102", new("2021", null, 3, 2, 1, null, null)));
        Assert.Contains("areaSquareMetres must be", Error("130102", new("2021", double.NaN, 3, 2, 1, null, null)));
        Assert.Contains("areaSquareMetres must be", Error("130102", new("2021", -1, 3, 2, 1, null, null)));
        Assert.Contains("rooms must be a whole number", Error("130102", new("2021", 50, 2.5, 2, 1, null, null)));
        Assert.Contains("managers must be", Error("130102", new("2021", 50, 3, -2, 1, null, null)));
        Assert.Contains("counsellors is required", Error("130102", new("2021", 50, 3, 2, null, null, null)));
        Assert.Contains("serviceRules", Error("130102001001", new("2021", 50, 3, 2, 1, null, null)));
        Assert.Contains("id must be", Error("130102", new("2021", 50, 3, 2, 1, null, new string('x', 200))));
    }

    [Fact]
    public void Standard_indicators_cannot_be_submitted_directly()
    {
        var validator = new SubmissionValidator(Programmes.Programme.Default.Catalog, Units.Find, code => Units.Ancestors(code).Select(a => a.Code));
        Assert.Contains("POST /api/v1/units/{code}/platform",
            validator.Validate(new SubmissionInput("130102001", "town_station_standard_rate", null, 1, null, "2021", null)).Error);
    }
}
