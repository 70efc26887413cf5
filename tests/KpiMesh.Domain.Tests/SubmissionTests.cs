using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Tests;

public sealed class SubmissionTests
{
    private static readonly KpiMesh.Domain.Hierarchy.UnitDirectory Units = TestHierarchy.Load();
    private static readonly SubmissionValidator Validator = new(KpiMesh.Domain.Programmes.Programme.Default.Catalog, Units.Find, code => Units.Ancestors(code).Select(a => a.Code));

    private static string? Error(string? unit = "130102001001", string? indicator = "village_room_rate", string? option = null,
        double? numerator = 1, double? denominator = null, string? period = "2021-12", string? id = null) =>
        Validator.Validate(new SubmissionInput(unit, indicator, option, numerator, denominator, period, id)).Error;

    [Fact]
    public void A_valid_yes_no_submission_has_denominator_one()
    {
        var (valid, error) = Validator.Validate(new SubmissionInput("130102001001", "village_room_rate", null, 1, null, "2021Q4", "k1"));
        Assert.Null(error);
        Assert.Equal((1L, 1L, "2021Q4"), (valid!.Numerator, valid.Denominator, valid.Period.Text));
    }

    [Fact]
    public void Each_bad_input_is_named()
    {
        Assert.Contains("unknown unit", Error(unit: "999999999999"));
        Assert.Contains("well-formed", Error(unit: "13'; drop table x"));
        Assert.Contains("unknown indicator", Error(indicator: "room_rate"));
        Assert.Contains("not submitted at a town", Error(unit: "130102001"));
        Assert.Contains("needs an option", Error(unit: "130102", indicator: "awareness_rate", numerator: 1, denominator: 2));
        Assert.Contains("unknown option 'elderly'", Error(unit: "130102", indicator: "awareness_rate", option: "elderly", numerator: 1, denominator: 2));
        Assert.Contains("has no options", Error(option: "urban"));
        Assert.Contains("must not be negative", Error(unit: "130102001", indicator: "patient_treatment_rate", numerator: -1, denominator: 5));
        Assert.Contains("finite", Error(unit: "130102001", indicator: "patient_treatment_rate", numerator: double.NaN, denominator: 5));
        Assert.Contains("finite", Error(unit: "130102001", indicator: "patient_treatment_rate", numerator: 1, denominator: double.PositiveInfinity));
        Assert.Contains("whole number", Error(unit: "130102001", indicator: "patient_treatment_rate", numerator: 1.5, denominator: 5));
        Assert.Contains("greater than denominator", Error(unit: "130102001", indicator: "patient_treatment_rate", numerator: 6, denominator: 5));
        Assert.Contains("denominator is required", Error(unit: "130102001", indicator: "patient_treatment_rate", numerator: 1));
        Assert.Contains("numerator must be 0 or 1", Error(numerator: 2));
        Assert.Contains("denominator must be 1", Error(denominator: 3));
        Assert.Contains("must not exceed", Error(unit: "130102001", indicator: "patient_treatment_rate", numerator: 1, denominator: 1e15));
        Assert.Contains("bad period", Error(period: "2021-13"));
        Assert.Contains("bad period", Error(period: "21Q4"));
        Assert.Contains("period is required", Error(period: null));
        Assert.Contains("id must be", Error(id: new string('x', 500)));
    }

    [Theory]
    [InlineData("2021", "2021-12-31")]
    [InlineData("2021Q1", "2021-03-31")]
    [InlineData("2024-02", "2024-02-29")]
    public void Periods_end_where_expected(string text, string end)
    {
        Assert.True(ReportingPeriod.TryParse(text, out var period));
        Assert.Equal(DateOnly.Parse(end), period.End);
    }

    [Theory]
    [InlineData("2021", "2021-01-01", "2021")]
    [InlineData("2021Q4", "2021-10-01", "2021Q4")]
    [InlineData("2021q4", "2021-10-01", "2021Q4")]
    [InlineData("2021-Q4", "2021-10-01", "2021Q4")]
    [InlineData("2021-q4", "2021-10-01", "2021Q4")]
    [InlineData("2024-02", "2024-02-01", "2024-02")]
    public void Equivalent_spellings_are_one_period_from_its_first_day(string text, string start, string canonical)
    {
        Assert.True(ReportingPeriod.TryParse(text, out var period));
        Assert.Equal(DateOnly.Parse(start), period.Start);
        Assert.Equal(canonical, period.Text);
        Assert.Equal(ReportingPeriod.Parse(canonical), period);
    }

    [Fact]
    public void A_period_contains_the_periods_inside_it_and_names_those_around_it()
    {
        var q4 = ReportingPeriod.Parse("2026Q4");
        Assert.True(q4.Contains(ReportingPeriod.Parse("2026-10")));
        Assert.True(q4.Contains(ReportingPeriod.Parse("2026-12")));
        Assert.True(q4.Contains(q4));
        Assert.False(q4.Contains(ReportingPeriod.Parse("2026-09")));
        Assert.False(q4.Contains(ReportingPeriod.Parse("2026")));
        Assert.True(ReportingPeriod.Parse("2026").Contains(ReportingPeriod.Parse("2026Q1")));
        Assert.False(ReportingPeriod.Parse("2026").Contains(ReportingPeriod.Parse("2027-01")));
        Assert.Equal(["2026-11", "2026Q4", "2026"], ReportingPeriod.Parse("2026-11").Enclosing().Select(p => p.Text));
        Assert.Equal(["2026-02", "2026Q1", "2026"], ReportingPeriod.Parse("2026-02").Enclosing().Select(p => p.Text));
        Assert.Equal(["2026Q2", "2026"], ReportingPeriod.Parse("2026Q2").Enclosing().Select(p => p.Text));
        Assert.Equal(["2026"], ReportingPeriod.Parse("2026").Enclosing().Select(p => p.Text));
        // Enclosing is exactly the periods that contain it, whatever the month.
        for (var month = 1; month <= 12; month++)
        {
            var m = ReportingPeriod.Parse($"2026-{month:00}");
            Assert.All(m.Enclosing(), e => Assert.True(e.Contains(m)));
            var all = new[] { "2026" }.Concat(Enumerable.Range(1, 4).Select(q => $"2026Q{q}")).Concat(Enumerable.Range(1, 12).Select(x => $"2026-{x:00}")).Select(ReportingPeriod.Parse);
            Assert.Equal(all.Where(p => p.Contains(m)).Select(p => p.Text).Order(), m.Enclosing().Select(p => p.Text).Order());
        }
    }

    [Theory]
    [InlineData("1999")]
    [InlineData("2021Q5")]
    [InlineData("2021-00")]
    [InlineData("2021-1")]
    [InlineData(" 2021")]
    [InlineData("2021 ")]
    [InlineData("2101")]
    [InlineData("2021-13")]
    [InlineData("2021-123")]
    [InlineData("2021Q0")]
    [InlineData("2021Q")]
    [InlineData("2021-Q")]
    [InlineData("21Q4")]
    [InlineData("20211")]
    [InlineData("")]
    [InlineData("２０２１")] // full-width digits are digits to a regex's \d, not to a period
    public void Malformed_periods_are_refused(string text) => Assert.False(ReportingPeriod.TryParse(text, out _));

    [Fact]
    public void Latest_wins_an_older_period_does_not_overwrite_and_ids_make_retries_no_ops()
    {
        ValidSubmission S(long n, string period, string? id = null) =>
            new("u", new RollupKey("x", null), n, 10, ReportingPeriod.TryParse(period, out var p) ? p : default, id);
        var held = new OwnValue(5, 10, "2021-12", "a", Sequence: 100, DateTimeOffset.UnixEpoch);
        Assert.Equal(SubmissionOutcome.Applied, SubmissionRules.Apply(null, S(1, "2021-01"), 1, null, DateTimeOffset.UnixEpoch).Outcome);
        Assert.Equal(SubmissionOutcome.Applied, SubmissionRules.Apply(held, S(6, "2021Q4"), 101, null, DateTimeOffset.UnixEpoch).Outcome); // same end, later in the log
        Assert.Equal(SubmissionOutcome.Superseded, SubmissionRules.Apply(held, S(6, "2021Q4"), 99, null, DateTimeOffset.UnixEpoch).Outcome); // same end, earlier in the log
        Assert.Equal(SubmissionOutcome.Applied, SubmissionRules.Apply(held, S(6, "2022-01"), 50, null, DateTimeOffset.UnixEpoch).Outcome);   // later period wins whatever its place
        Assert.Equal(SubmissionOutcome.Superseded, SubmissionRules.Apply(held, S(6, "2021-11"), 200, null, DateTimeOffset.UnixEpoch).Outcome);
        var retry = S(5, "2021-12", "a");
        Assert.Equal(SubmissionOutcome.Duplicate, SubmissionRules.Apply(held, retry, 100, retry.FingerprintDigest, DateTimeOffset.UnixEpoch).Outcome);
        Assert.Equal(SubmissionOutcome.IdConflict, SubmissionRules.Apply(held, S(7, "2021-12", "a"), 300, retry.FingerprintDigest, DateTimeOffset.UnixEpoch).Outcome);
    }

    [Fact]
    public void Digests_of_ids_and_bodies_are_stable_and_tell_different_ones_apart()
    {
        ValidSubmission S(long n, string unit = "u") => new(unit, new RollupKey("x", null), n, 10, ReportingPeriod.TryParse("2021-12", out var p) ? p : default, "a");
        // Stable across processes (stored in unit state): XxHash of the UTF-16 text, not string.GetHashCode.
        Assert.Equal(SubmissionDigest.OfId("batch-7/item-1"), SubmissionDigest.OfId(new string("batch-7/item-1".ToCharArray())));
        Assert.NotEqual(SubmissionDigest.OfId("batch-7/item-1"), SubmissionDigest.OfId("batch-7/item-2"));
        Assert.Equal(S(5).FingerprintDigest, S(5).FingerprintDigest);
        Assert.NotEqual(S(5).FingerprintDigest, S(6).FingerprintDigest);
        Assert.NotEqual(S(5).FingerprintDigest, S(5, "v").FingerprintDigest);
        Assert.Equal(SubmissionDigest.OfFingerprint(S(5).Fingerprint), S(5).FingerprintDigest);
    }

    [Fact]
    public void The_catalog_has_every_indicator_of_the_contract_once()
    {
        string[] contract =
        [
            "village_room_rate", "town_station_rate", "county_center_rate", "school_room_rate", "university_center_rate",
            "university_teacher_ratio", "workplace_room_rate", "psych_hospital_clinic_rate", "general_hospital_clinic_rate",
            "awareness_rate", "literacy_rate", "special_pop_counselling_rate", "patient_management_rate", "patient_treatment_rate",
            "schizophrenia_treatment_rate", "rehab_participation_rate", "family_counselling_rate",
        ];
        var catalog = KpiMesh.Domain.Programmes.Programme.Default.Catalog;
        Assert.Empty(contract.Except(catalog.All.Select(i => i.Id)));
        Assert.Equal(catalog.All.Count, catalog.All.Select(i => i.Id).Distinct().Count());
        // A primary-care unit sits inside its town: only primary care submits it, so no patient is counted twice.
        Assert.Equal([KpiMesh.Domain.Hierarchy.UnitLevel.PrimaryCare], catalog.Find("family_counselling_rate")!.SubmittedAt);
        Assert.Equal(["cadres", "students", "urban", "rural"], catalog.Find("awareness_rate")!.Options);
        Assert.All(catalog.All, i => Assert.NotEmpty(i.SubmittedAt));
        Assert.True(catalog.Find("village_room_rate")!.IsCoverage);
        Assert.False(catalog.Find("patient_management_rate")!.IsCoverage);
    }
}
