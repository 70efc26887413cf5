using KpiMesh.Domain.Text;
using System.Globalization;

namespace KpiMesh.Domain.Submissions;

/// <summary>
/// A reporting period: a year (<c>2021</c>), a quarter (<c>2021Q4</c>) or a month (<c>2021-12</c>).
/// Periods are ordered by the day they end, so <c>2021</c>, <c>2021Q4</c> and <c>2021-12</c> are the same moment
/// and a later submission for any of them replaces an earlier one. As spans of days they differ: the year contains its
/// quarters and months (what an approval of the year locks). The text is always the canonical spelling, so <c>2021q4</c>
/// and <c>2021-Q4</c> are the period <c>2021Q4</c>.
/// </summary>
public readonly record struct ReportingPeriod(string Text, DateOnly End) : IComparable<ReportingPeriod>
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    /// <summary>
    /// Reads <c>2021</c>, <c>2021Q4</c> (or <c>2021q4</c>, <c>2021-Q4</c>) and <c>2021-12</c>, ASCII digits only.
    /// Written out rather than as a regular expression: it runs several times for every value ingested (validation,
    /// the unit grain, the approval locks), and a regex <c>Match</c> with its groups allocated ~30% of all the bytes the
    /// server allocated under ingest (bench/analysis.md, 2026-11-25), which the garbage collector then paused for.
    /// The canonical text of the common spellings is the text itself, so parsing them allocates nothing.
    /// </summary>
    public static bool TryParse(string? text, out ReportingPeriod period)
    {
        period = default;
        if (text is null || text.Length is not (4 or 6 or 7) || !TryDigits(text, 0, 4, out var year)) return false;
        if (year is < MinYear or > MaxYear) return false;
        int lastMonth;
        var canonical = text;
        switch (text.Length)
        {
            case 4:
                lastMonth = 12;
                break;
            case 6 when text[4] is 'Q' or 'q' && text[5] is >= '1' and <= '4':
                lastMonth = (text[5] - '0') * 3;
                if (text[4] == 'q') canonical = $"{year}Q{text[5]}";
                break;
            case 7 when text[4] == '-' && text[5] is 'Q' or 'q' && text[6] is >= '1' and <= '4':
                lastMonth = (text[6] - '0') * 3;
                canonical = $"{year}Q{text[6]}";
                break;
            case 7 when text[4] == '-' && TryDigits(text, 5, 2, out var month) && month is >= 1 and <= 12:
                lastMonth = month;
                break;
            default:
                return false;
        }
        period = new ReportingPeriod(canonical, new DateOnly(year, lastMonth, DateTime.DaysInMonth(year, lastMonth)));
        return true;
    }

    private static bool TryDigits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (text[i] is < '0' or > '9') return false;
            value = value * 10 + (text[i] - '0');
        }
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
