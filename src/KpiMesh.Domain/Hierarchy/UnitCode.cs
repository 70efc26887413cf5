using System.Buffers;

namespace KpiMesh.Domain.Hierarchy;

/// <summary>
/// The shape a unit code must have before anything is looked up: national division codes are digits,
/// institution codes the seeder makes add letters and dashes. Checking shape first means hostile strings
/// never reach a dictionary, a grain or a log line.
/// </summary>
public static class UnitCode
{
    public const int MaxLength = 32;
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_.");

    public static bool IsWellFormed(string? code) =>
        !string.IsNullOrEmpty(code) && code.Length <= MaxLength && !code.AsSpan().ContainsAnyExcept(Allowed)
        && char.IsAsciiLetterOrDigit(code[0]);
}
