namespace KpiMesh.Domain.Platform;

/// <summary>What a county centre, town station or village room reports about itself. Nulls are "not given".</summary>
/// <param name="ServiceRules">Whether the room has its set of management and service rules (villages only).</param>
public sealed record PlatformReport(
    string? Period, double? AreaSquareMetres, double? Rooms, double? Managers, double? Counsellors, bool? ServiceRules, string? Id);
