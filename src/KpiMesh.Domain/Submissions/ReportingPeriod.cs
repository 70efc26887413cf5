using KpiMesh.Domain.Text;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KpiMesh.Domain.Submissions;

/// <summary>
/// A reporting period: a year (<c>2021</c>), a quarter (<c>2021Q4</c>) or a month (<c>2021-12</c>).
/// Periods are ordered by the day they end, so <c>2021</c>, <c>2021Q4</c> and <c>2021-12</c> are the same moment
/// and a later submission for any of them replaces an earlier one. As spans of days they differ: the year contains its
/// quarters and months (what an approval of the year locks). The text is always the canonical spelling, so <c>2021q4</c>
/// and <c>2021-Q4</c> are the period <c>2021Q4</c>.
/// </summary>
public readonly partial record struct ReportingPeriod(string Text, DateOnly End) : IComparable<ReportingPeriod>
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    [GeneratedRegex(@"^(?<y>\d{4})(?:-?[Qq](?<q>[1-4])|-(?<m>0[1-9]|1[0-2]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool TryParse(string? text, out ReportingPeriod period)
    {
        period = default;
        if (text is null || text.Length > 7) return false;
        var match = Shape().Match(text);
        if (!match.Success) return false;
        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year is < MinYear or > MaxYear) return false;
        var quarter = match.Groups["q"].Success;
        var lastMonth = quarter ? int.Parse(match.Groups["q"].Value, CultureInfo.InvariantCulture) * 3
            : match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture)
            : 12;
        var canonical = quarter ? $"{year}Q{lastMonth / 3}" : text;
        period = new ReportingPeriod(canonical, new DateOnly(year, lastMonth, DateTime.DaysInMonth(year, lastMonth)));
        return true;
    }

    /// <summary>The first day of the period: 1 January of a year, the first day of a quarter or of a month.</summary>
    public DateOnly Start => Text.Length == 4 ? new DateOnly(End.Year, 1, 1)
        : Text.Contains('Q') ? new DateOnly(End.Year, End.Month - 2, 1)
        : new DateOnly(End.Year, End.Month, 1);

    /// <summary>Whether every day of <paramref name="other"/> lies in this period (a period contains itself).</summary>
    public bool Contains(ReportingPeriod other) => Start <= other.Start && other.End <= End;

    /// <summary>The periods that contain this one, itself first: a month, its quarter and its year; a quarter and its year; a year.</summary>
    public IReadOnlyList<ReportingPeriod> Enclosing()
    {
        var year = Parse(End.Year.ToString(CultureInfo.InvariantCulture));
        if (Text.Length == 4) return [this];
        if (Text.Contains('Q')) return [this, year];
        return [this, Parse($"{End.Year}Q{(End.Month + 2) / 3}"), year];
    }

    /// <summary>A period known to be well formed (throws otherwise: a bug, not a user's mistake).</summary>
    public static ReportingPeriod Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"bad period '{text}'");

    /// <summary>Why a period a client sent is refused, or null when it parses (the text is clipped before it is echoed).</summary>
    public static string? Problem(string? text) =>
        TryParse(text, out _) ? null
        : text is null ? "period is required"
        : $"bad period '{UserText.Clip(text)}' (expected 2021, 2021Q4 or 2021-12, years {MinYear}-{MaxYear})";

    public int CompareTo(ReportingPeriod other) => End.CompareTo(other.End);

    public override string ToString() => Text;
}
