using KpiMesh.Domain.Text;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KpiMesh.Domain.Submissions;

/// <summary>
/// A reporting period: a year (<c>2021</c>), a quarter (<c>2021Q4</c>) or a month (<c>2021-12</c>).
/// Periods are ordered by the day they end, so <c>2021</c>, <c>2021Q4</c> and <c>2021-12</c> are the same moment
/// and a later submission for any of them replaces an earlier one.
/// </summary>
public readonly partial record struct ReportingPeriod(string Text, DateOnly End) : IComparable<ReportingPeriod>
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    [GeneratedRegex(@"^(?<y>\d{4})(?:Q(?<q>[1-4])|-(?<m>0[1-9]|1[0-2]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool TryParse(string? text, out ReportingPeriod period)
    {
        period = default;
        if (text is null || text.Length > 7) return false;
        var match = Shape().Match(text);
        if (!match.Success) return false;
        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year is < MinYear or > MaxYear) return false;
        var lastMonth = match.Groups["q"].Success ? int.Parse(match.Groups["q"].Value, CultureInfo.InvariantCulture) * 3
            : match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture)
            : 12;
        period = new ReportingPeriod(text, new DateOnly(year, lastMonth, DateTime.DaysInMonth(year, lastMonth)));
        return true;
    }

    /// <summary>Why a period a client sent is refused, or null when it parses (the text is clipped before it is echoed).</summary>
    public static string? Problem(string? text) =>
        TryParse(text, out _) ? null
        : text is null ? "period is required"
        : $"bad period '{UserText.Clip(text)}' (expected 2021, 2021Q4 or 2021-12, years {MinYear}-{MaxYear})";

    public int CompareTo(ReportingPeriod other) => End.CompareTo(other.End);

    public override string ToString() => Text;
}
