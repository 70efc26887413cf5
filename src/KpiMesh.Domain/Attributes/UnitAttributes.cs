using System.Globalization;
using System.Text.RegularExpressions;
using KpiMesh.Domain.Hierarchy;

namespace KpiMesh.Domain.Attributes;

/// <summary>A figure about a unit for a year (resident population of a county in 2025), the denominator of per-population rates.</summary>
public sealed record AttributeEntry(string Code, string Attribute, int Year, long Value);

/// <summary>
/// Unit attributes and their sums over subtrees. A subtree's attribute for a year is the sum, over the units of the
/// subtree that hold it, of each one's value for that year or, when missing, its latest earlier year. An attribute is
/// held at one level of a path (counties, say), never by a unit and its ancestor both, so no one is counted twice.
/// </summary>
public sealed partial class AttributeBook
{
    public const int MaxValue = 2_000_000_000;

    public static AttributeBook Empty { get; } = new([], _ => []);

    private readonly Dictionary<(string Code, string Attribute), SortedList<int, long>> _byUnit = new();
    private readonly Dictionary<(string Code, string Attribute), List<SortedList<int, long>>> _bySubtree = new();

    /// <param name="ancestorsOf">A unit's ancestors' codes (parent first); units not in the hierarchy are skipped.</param>
    public AttributeBook(IEnumerable<AttributeEntry> entries, Func<string, IEnumerable<string>> ancestorsOf)
    {
        Entries = entries.ToList();
        foreach (var entry in Entries)
        {
            var key = (entry.Code, entry.Attribute);
            if (!_byUnit.TryGetValue(key, out var years))
            {
                _byUnit[key] = years = new SortedList<int, long>();
                foreach (var holder in ancestorsOf(entry.Code).Prepend(entry.Code))
                {
                    if (!_bySubtree.TryGetValue((holder, entry.Attribute), out var list)) _bySubtree[(holder, entry.Attribute)] = list = [];
                    list.Add(years);
                }
            }
            years[entry.Year] = entry.Value;
        }
    }

    public IReadOnlyList<AttributeEntry> Entries { get; }

    /// <summary>The attribute summed over the subtree of <paramref name="code"/> for <paramref name="year"/> (0 when nobody holds it).</summary>
    public long SumInSubtree(string code, string attribute, int year)
    {
        if (!_bySubtree.TryGetValue((code, attribute), out var holders)) return 0;
        long sum = 0;
        foreach (var years in holders)
        {
            var index = LatestAtOrBefore(years, year);
            if (index >= 0) sum += years.Values[index];
        }
        return sum;
    }

    private static int LatestAtOrBefore(SortedList<int, long> years, int year)
    {
        int lo = 0, hi = years.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (years.Keys[mid] <= year) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    public static partial Regex AttributeName();

    /// <summary>
    /// Parses a CSV <c>code,attribute,year,value</c> and judges it whole against what is already held: every problem
    /// with its line. The result is the entries to store (a repeated code, attribute and year replaces the value).
    /// </summary>
    public static (IReadOnlyList<AttributeEntry> Merged, IReadOnlyList<string> Problems) Merge(
        IReadOnlyList<AttributeEntry> held, string csv, UnitDirectory directory)
    {
        var problems = new List<string>();
        var merged = held.ToDictionary(e => (e.Code, e.Attribute, e.Year));
        var lines = csv.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim().TrimStart('\uFEFF') != "code,attribute,year,value")
            return (held, ["line 1: the header must be code,attribute,year,value"]);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            var lineNo = i + 1;
            var fields = line.Split(',');
            if (fields.Length != 4) { problems.Add($"line {lineNo}: expected 4 fields (code,attribute,year,value)"); continue; }
            var (code, attribute) = (fields[0].Trim(), fields[1].Trim());
            if (!UnitCode.IsWellFormed(code) || directory.Find(code) is null) { problems.Add($"line {lineNo}: unknown unit '{Clip(code)}'"); continue; }
            if (!AttributeName().IsMatch(attribute)) { problems.Add($"line {lineNo}: attribute '{Clip(attribute)}' must be lower-case letters, digits and _"); continue; }
            if (!int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
            { problems.Add($"line {lineNo}: year must be between 2000 and 2100"); continue; }
            if (!long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > MaxValue)
            { problems.Add($"line {lineNo}: value must be a whole number from 0 to {MaxValue}"); continue; }
            merged[(code, attribute, year)] = new AttributeEntry(code, attribute, year, value);
        }
        // One level of a path only: a unit and its ancestor both holding an attribute would count the people twice.
        var holders = merged.Values.Select(e => (e.Code, e.Attribute)).ToHashSet();
        foreach (var (code, attribute) in holders.OrderBy(h => h.Code, StringComparer.Ordinal))
            if (directory.Ancestors(code).FirstOrDefault(a => holders.Contains((a.Code, attribute))) is { } above)
                problems.Add($"{attribute} is given for {code} and for its ancestor {above.Code}; give it at one level of a path (the subtree's sum is computed)");
        return problems.Count > 0 ? (held, problems) : (merged.Values.OrderBy(e => e.Code, StringComparer.Ordinal).ThenBy(e => e.Attribute).ThenBy(e => e.Year).ToList(), []);
    }

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
