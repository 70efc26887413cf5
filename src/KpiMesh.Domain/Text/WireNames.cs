using System.Text;

namespace KpiMesh.Domain.Text;

/// <summary>
/// The wire names of an enum's members: snake_case of the member's name (<c>PsychiatricHospital</c> is
/// <c>psychiatric_hospital</c>), worked out once per enum, both ways. One rule for every enum of the CSV and HTTP
/// contracts that follows it, instead of a switch table per enum listing its two-word members by hand.
/// </summary>
public static class WireNames<TEnum> where TEnum : struct, Enum
{
    private static readonly TEnum[] Members = Enum.GetValues<TEnum>();
    private static readonly string[] InOrder = Members.Select(member => SnakeCase(member.ToString())).ToArray();
    private static readonly Dictionary<TEnum, string> Names = Members.Zip(InOrder).ToDictionary(pair => pair.First, pair => pair.Second);
    private static readonly Dictionary<string, TEnum> Values = Names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>Every member's wire name, in the enum's order.</summary>
    public static IReadOnlyList<string> All => InOrder;

    public static string Of(TEnum value) => Names[value];

    public static bool TryParse(string? wireName, out TEnum value) => Values.TryGetValue(wireName ?? "", out value);

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
