using KpiMesh.Domain.Text;
using System.Text;

namespace KpiMesh.Domain.Hierarchy;

/// <summary>
/// Reads <c>code,name,level,parent_code</c> CSV (RFC 4180 quoting). Syntax is all it judges; whether the rows
/// make a valid tree is <see cref="HierarchyImportPlanner"/>'s job.
/// </summary>
public static class HierarchyCsv
{
    public const string Header = "code,name,level,parent_code";
    public const int MaxNameLength = 200;

    public sealed record ParseResult(IReadOnlyList<HierarchyRow> Rows, HierarchyError? Error);

    /// <param name="progress">Called every <paramref name="progressEvery"/> rows, so a large file shows it is moving.</param>
    public static ParseResult Parse(TextReader reader, Action<int>? progress = null, int progressEvery = 100_000)
    {
        var rows = new List<HierarchyRow>();
        var lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                if (line.Length > 0 && line[0] == '\uFEFF') line = line[1..];
                if (!string.Equals(line.Trim(), Header, StringComparison.OrdinalIgnoreCase))
                    return Fail(lineNumber, $"the first line must be the header '{Header}'");
                continue;
            }
            if (line.Length == 0) continue;
            var fields = SplitFields(line);
            if (fields is null) return Fail(lineNumber, "unbalanced quotes");
            if (fields.Count != 4) return Fail(lineNumber, $"expected 4 fields, found {fields.Count}");
            var (code, name, level, parent) = (fields[0].Trim(), fields[1].Trim(), fields[2].Trim(), fields[3].Trim());
            if (!UnitCode.IsWellFormed(code)) return Fail(lineNumber, $"code '{UserText.Clip(code)}' is not a well-formed unit code");
            if (parent.Length > 0 && !UnitCode.IsWellFormed(parent))
                return Fail(lineNumber, $"parent code '{UserText.Clip(parent)}' is not a well-formed unit code");
            if (name.Length == 0) return Fail(lineNumber, "name is empty");
            if (name.Length > MaxNameLength) return Fail(lineNumber, $"name is longer than {MaxNameLength} characters");
            if (LooksLikeFormula(name)) return Fail(lineNumber, "name starts like a spreadsheet formula (=, +, -, @)");
            if (name.Any(char.IsControl)) return Fail(lineNumber, "name contains control characters");
            rows.Add(new HierarchyRow(lineNumber, code, name, level, parent));
            if (progress is not null && rows.Count % progressEvery == 0) progress(rows.Count);
        }
        if (lineNumber == 0) return Fail(0, "the file is empty");
        return new ParseResult(rows, null);
    }

    public static ParseResult Parse(string text) => Parse(new StringReader(text));

    private static ParseResult Fail(int line, string message) => new([], new HierarchyError(line, message));

    private static bool LooksLikeFormula(string value) => value[0] is '=' or '+' or '-' or '@';

    private static List<string>? SplitFields(string line)
    {
        var fields = new List<string>(4);
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') current.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"' && current.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        if (quoted) return null;
        fields.Add(current.ToString());
        return fields;
    }
}
