using System.Text;
using KpiMesh.Abstractions;
using KpiMesh.Domain.Access;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Reporting;
using KpiMesh.Domain.Rollups;
using KpiMesh.Grains;
using KpiMesh.Grains.Services;
using MiniExcelLibs;

namespace KpiMesh.Server.Reporting;

/// <summary>
/// The month's reporting template of a subtree: one row per unit the caller may submit for, one column per value due
/// at those units' levels (<see cref="TemplateColumns"/>), current values filled in, a header row of codes that
/// the upload reads back and a row of Chinese names (a note row, skipped on upload).
/// </summary>
public sealed class TemplateService(IGrainFactory grains, SiloUnitDirectory directory, ProgrammeCache programmes)
{
    public const int MaxUnits = 60_000;

    /// <summary>Writes the template to a temporary file (XLSX is a zip and needs seeking) and returns its path.</summary>
    public async Task<string> WriteAsync(string code, Principal principal, bool xlsx, CancellationToken cancellationToken)
    {
        var catalog = (await programmes.GetAsync()).Programme.Catalog;
        var (units, columns) = directory.Read(d =>
        {
            var all = new List<UnitRecord> { d.Find(code)! };
            foreach (var level in UnitLevels.All) all.AddRange(d.Descendants(code, level).Take(MaxUnits + 1));
            var allowed = all.Where(u => AccessPolicy.Denial(principal, Permission.Submit, u.Code, d) is null).DistinctBy(u => u.Code)
                .Select(u => (Unit: u, Path: (IReadOnlyCollection<string>)d.Ancestors(u.Code).Select(a => a.Code).Prepend(u.Code).ToList())).ToList();
            var columns = TemplateColumns.For(TemplateColumns.InSubtree(catalog, code, d), allowed.Select(u => u.Unit.Level).Distinct().ToList());
            return (allowed.Where(u => columns.Any(c => c.IsDueAt(u.Unit.Level, u.Path))).ToList(), columns);
        });
        if (units.Count > MaxUnits) throw new UploadFileException(413, "Template too large", $"more than {MaxUnits} units submit under {code}: ask for a county or city");

        var current = new Contribution[units.Count];
        await Parallel.ForAsync(0, units.Count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (i, _) => current[i] = SeriesCell.ToContribution((await grains.Unit(units[i].Unit.Code).GetTotals()).Cells));

        string?[] Header() => [.. UploadLayout.LeadColumns, .. columns.Select(c => c.Code)];
        string?[] Names() => [UploadLayout.NoteMarker + " 单位代码", "单位名称", "层级", .. columns.Select(c => c.Name)];
        IEnumerable<string?[]> Rows()
        {
            yield return Header();
            yield return Names();
            for (var i = 0; i < units.Count; i++)
            {
                var (unit, path) = units[i];
                var values = current[i];
                yield return [unit.Code, unit.Name, unit.Level.ToWireName(), .. columns.Select(c => Prefill(c, unit.Level, path, values))];
            }
        }

        var path = Path.GetTempFileName();
        try
        {
            if (xlsx)
            {
                var sheet = Rows().Select(r => (IDictionary<string, object?>)r.Select((v, i) => (Key: ColumnName(i), v))
                    .ToDictionary(p => p.Key, p => (object?)(double.TryParse(p.v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && p.Key != "A" ? n : p.v)));
                await MiniExcel.SaveAsAsync(path, sheet, printHeader: false, sheetName: "填报", excelType: ExcelType.XLSX, overwriteFile: true, cancellationToken: cancellationToken);
            }
            else
            {
                // UTF-8 with a byte-order mark: what Excel needs to open Chinese CSV correctly.
                await using var writer = new StreamWriter(path, false, new UTF8Encoding(true)) { NewLine = "\r\n" }; // RFC 4180
                foreach (var row in Rows()) await writer.WriteLineAsync(string.Join(',', row.Select(Quote)));
            }
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The unit's current value for a column due at it; blank where nothing is due or nothing was reported.</summary>
    private static string? Prefill(TemplateColumn column, UnitLevel level, IReadOnlyCollection<string> path, Contribution values)
    {
        if (!column.IsDueAt(level, path)) return null;
        var cell = values[new RollupKey(column.Indicator.Id, column.Option)];
        if (cell.Reported == 0) return null;
        return (column.Part == ValuePart.Numerator ? cell.Numerator : cell.Denominator).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26) name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }

    private static string Quote(string? field) =>
        field is null ? "" : field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"";
}
