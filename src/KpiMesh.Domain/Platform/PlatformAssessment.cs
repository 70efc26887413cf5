namespace KpiMesh.Domain.Platform;

/// <summary>
/// The verdict on a platform report. A platform with no room or no area is "not built"; one built below any minimum
/// is "built, not to standard", and <see cref="Shortfalls"/> says which minimum it misses.
/// </summary>
public sealed record PlatformAssessment(bool Built, bool ToStandard, IReadOnlyList<string> Shortfalls);
