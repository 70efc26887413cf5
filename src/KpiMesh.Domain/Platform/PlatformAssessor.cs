using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Platform;

/// <summary>Judges a platform report against its level's standard and turns it into the two coverage values it implies.</summary>
public static class PlatformAssessor
{
    public const double MaxAreaSquareMetres = 100_000;
    public const int MaxRoomsOrStaff = 10_000;

    /// <summary>Shorter than a submission id by the suffix that names each derived value.</summary>
    public const int MaxIdLength = SubmissionValidator.MaxIdLength - 10;

    public sealed record Outcome(PlatformAssessment Assessment, IReadOnlyList<ValidSubmission> Submissions);

    public static (Outcome? Outcome, string? Error) Assess(UnitRecord unit, PlatformReport report)
    {
        if (PlatformStandard.For(unit.Level) is not { } standard)
            return (null, $"platform reports come from counties, towns and villages; {unit.Code} is a {unit.Level.ToWireName()}");
        if (!ReportingPeriod.TryParse(report.Period, out var period)) return (null, ReportingPeriod.Problem(report.Period));
        if (SubmissionIds.Problem(report.Id, MaxIdLength) is { } badId) return (null, badId);

        if (report.AreaSquareMetres is not { } area) return (null, "areaSquareMetres is required");
        if (!double.IsFinite(area) || area is < 0 or > MaxAreaSquareMetres) return (null, $"areaSquareMetres must be between 0 and {MaxAreaSquareMetres}");
        var (rooms, roomsError) = Whole(report.Rooms, "rooms");
        var (managers, managersError) = Whole(report.Managers, "managers");
        var (counsellors, counsellorsError) = Whole(report.Counsellors, "counsellors");
        if ((roomsError ?? managersError ?? counsellorsError) is { } error) return (null, error);
        if (standard.NeedsServiceRules && report.ServiceRules is null) return (null, "serviceRules (true or false) is required for a village room");

        var shortfalls = new List<string>();
        if (area < standard.MinAreaSquareMetres) shortfalls.Add($"area {area} m² is below {standard.MinAreaSquareMetres} m²");
        if (rooms < standard.MinRooms) shortfalls.Add($"{rooms} room(s), at least {standard.MinRooms} required");
        if (managers < standard.MinManagers) shortfalls.Add($"{managers} manager(s), at least {standard.MinManagers} required");
        if (counsellors < standard.MinCounsellors) shortfalls.Add($"{counsellors} counsellor(s), at least {standard.MinCounsellors} required");
        if (standard.NeedsServiceRules && report.ServiceRules == false) shortfalls.Add("no set of management and service rules");

        var built = area > 0 && rooms > 0;
        var toStandard = built && shortfalls.Count == 0;
        var assessment = new PlatformAssessment(built, toStandard, shortfalls);
        // Both values carry the report's id, suffixed, so a retried report is a duplicate of itself and nothing more.
        ValidSubmission Value(string indicator, bool yes, string suffix) =>
            new(unit.Code, new RollupKey(indicator, null), yes ? 1 : 0, 1, period, report.Id is null ? null : $"{report.Id}#{suffix}");
        return (new Outcome(assessment, [Value(standard.BuiltIndicator, built, "built"), Value(standard.StandardIndicator, toStandard, "standard")]), null);
    }

    private static (int Value, string? Error) Whole(double? value, string name) => value switch
    {
        null => (0, $"{name} is required"),
        { } v when !double.IsFinite(v) || v < 0 || v > MaxRoomsOrStaff || v != Math.Floor(v) => (0, $"{name} must be a whole number from 0 to {MaxRoomsOrStaff}"),
        { } v => ((int)v, null),
    };
}
