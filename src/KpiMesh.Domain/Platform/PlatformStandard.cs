using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Platform;

/// <summary>
/// The minimum a platform of the three-level service system must have (seed 002, section 三级平台): area, rooms and
/// staff, and for villages the "five ones". The seed lists four of the five ones (a site, one staff member, one set of
/// service rules, one team with a counsellor); the fifth is not in the text, so it is not checked.
/// </summary>
/// <param name="BuiltIndicator">The coverage indicator a report counts towards as "built".</param>
/// <param name="StandardIndicator">The coverage indicator it counts towards when it meets every minimum.</param>
public sealed record PlatformStandard(
    UnitLevel Level, string BuiltIndicator, string StandardIndicator,
    double MinAreaSquareMetres, int MinRooms, int MinManagers, int MinCounsellors, bool NeedsServiceRules)
{
    public static IReadOnlyList<PlatformStandard> All { get; } =
    [
        new(UnitLevel.County, "county_center_rate", "county_center_standard_rate", 40, 3, 2, 1, false),
        new(UnitLevel.Town, "town_station_rate", "town_station_standard_rate", 25, 2, 1, 1, false),
        new(UnitLevel.Village, "village_room_rate", "village_room_standard_rate", 12, 1, 1, 1, true),
    ];

    public static PlatformStandard? For(UnitLevel level) => All.FirstOrDefault(s => s.Level == level);
}
