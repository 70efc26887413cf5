using KpiMesh.Domain.Text;

namespace KpiMesh.Domain.Hierarchy;

/// <summary>
/// Administrative levels (nation to village) and the institutions that hang under them.
/// The wire names (snake_case) are part of the CSV and HTTP contracts.
/// </summary>
public enum UnitLevel
{
    Nation,
    Province,
    City,
    County,
    Town,
    Village,
    School,
    University,
    Enterprise,
    Agency,
    PsychiatricHospital,
    GeneralHospital,
    PrimaryCare,
}

public static class UnitLevels
{
    public static IReadOnlyCollection<UnitLevel> All { get; } = Enum.GetValues<UnitLevel>();

    public static string ToWireName(this UnitLevel level) => WireNames<UnitLevel>.Of(level);

    public static bool TryParse(string? wireName, out UnitLevel level) => WireNames<UnitLevel>.TryParse(wireName, out level);

    public static bool IsAdministrative(this UnitLevel level) => level <= UnitLevel.Village;

    /// <summary>
    /// Whether a unit of level <paramref name="child"/> may hang under one of level <paramref name="parent"/>:
    /// administrative units go strictly downwards; institutions hang under any administrative unit.
    /// </summary>
    public static bool MayBeChildOf(this UnitLevel child, UnitLevel parent) =>
        parent.IsAdministrative() && (child.IsAdministrative() ? child > parent : parent != UnitLevel.Nation);
}
