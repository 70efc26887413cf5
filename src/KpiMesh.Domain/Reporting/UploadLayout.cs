using System.Globalization;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Reporting;

/// <summary>A cell an upload refuses: where it is (1-based row, the column's header code) and why, in the caller's language.</summary>
public sealed record UploadRefusal(string Sheet, int Row, string Column, string Error);

/// <summary>One value read from an upload, ready for the same judging as a JSON submission.</summary>
public sealed record UploadValue(int Row, string Column, SubmissionInput Input);

/// <summary>
/// The header row an upload is read back by: the template's first three columns (<c>unit</c>, <c>name</c>,
/// <c>level</c>) then value columns by code. A header that is not a template's is refused whole, naming the column.
/// </summary>
public sealed class UploadLayout
{
    public const string UnitColumn = "unit";
    public static readonly string[] LeadColumns = [UnitColumn, "name", "level"];

    /// <summary>Rows whose unit cell starts with this are notes (the template's row of names), not data.</summary>
    public const string NoteMarker = "#";

    private readonly (int Index, TemplateColumn Column)[] _values;

    private UploadLayout((int, TemplateColumn)[] values) => _values = values;

    public int ValueColumns => _values.Length;

    public static (UploadLayout? Layout, string? Error) Read(IReadOnlyList<string?> header, IReadOnlyList<TemplateColumn> known, Language language)
    {
        if (header.Count < LeadColumns.Length || !LeadColumns.Select((c, i) => string.Equals(header[i]?.Trim(), c, StringComparison.Ordinal)).All(x => x))
            return (null, UploadText.NotATemplate(language));
        var byCode = known.ToDictionary(c => c.Code, StringComparer.Ordinal);
        var values = new List<(int, TemplateColumn)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = LeadColumns.Length; i < header.Count; i++)
        {
            var code = header[i]?.Trim();
            if (string.IsNullOrEmpty(code)) continue;
            if (!byCode.TryGetValue(code, out var column)) return (null, UploadText.UnknownColumn(language, code, i + 1));
            if (!seen.Add(code)) return (null, UploadText.DuplicateColumn(language, code));
            values.Add((i, column));
        }
        return values.Count == 0 ? (null, UploadText.NotATemplate(language)) : (new UploadLayout(values.ToArray()), null);
    }

    /// <summary>
    /// The values of one data row, one per (indicator, option) with a non-blank cell (blank = not reported, never 0),
    /// with ids derived from the file, the row and the column so that uploading the same file again is a no-op.
    /// </summary>
    public IEnumerable<(UploadValue? Value, UploadRefusal? Refusal)> ReadRow(
        string sheet, int row, IReadOnlyList<string?> cells, string period, string fileHash, Language language)
    {
        var unit = Cell(cells, 0);
        var numbers = new Dictionary<(string Indicator, string? Option), (double? Numerator, double? Denominator, string Column)>();
        var unreadable = new HashSet<(string, string?)>(); // a value with a refused cell is refused whole, not judged half-read
        foreach (var (index, column) in _values)
        {
            var text = Cell(cells, index);
            if (text is null) continue;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                yield return (null, new UploadRefusal(sheet, row, column.Code, UploadText.NotANumber(language, text)));
                unreadable.Add((column.Indicator.Id, column.Option));
                continue;
            }
            var key = (column.Indicator.Id, column.Option);
            var (n, d, first) = numbers.GetValueOrDefault(key);
            numbers[key] = column.Part == ValuePart.Numerator ? (number, d, first ?? column.Code) : (n, number, first ?? column.Code);
        }
        foreach (var ((indicator, option), (numerator, denominator, columnCode)) in numbers)
        {
            if (unreadable.Contains((indicator, option))) continue;
            var id = $"upload:{fileHash[..16]}:{row}:{indicator}{(option is null ? "" : "." + option)}";
            yield return (new UploadValue(row, columnCode, new SubmissionInput(unit, indicator, option, numerator, denominator, period, id)), null);
        }
    }

    private static string? Cell(IReadOnlyList<string?> cells, int index) =>
        index < cells.Count && !string.IsNullOrWhiteSpace(cells[index]) ? cells[index]!.Trim() : null;
}
