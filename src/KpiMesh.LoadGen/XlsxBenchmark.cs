using System.Diagnostics;
using System.Text;
using ClosedXML.Excel;
using ExcelDataReader;
using MiniExcelLibs;

namespace KpiMesh.LoadGen;

/// <summary>
/// xlsx mode: the XLSX library choice for reporting templates, measured. The same template (a header row of codes, a
/// note row, then <see cref="LoadOptions.Rows"/> village rows of code, name, level and eight whole-number values) is
/// written and read back with MiniExcel and ClosedXML, and read with ExcelDataReader (it cannot write), each after a
/// small warm-up run; every reader reads the same file. Reported: wall time and bytes allocated for each, and the file
/// sizes. Single-threaded, in this process: what one upload costs the gateway.
/// </summary>
public sealed class XlsxBenchmark(LoadOptions options, TextWriter log)
{
    private const int ValueColumns = 8;
    private const int WarmUpRows = 1_000;

    static XlsxBenchmark() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); // ExcelDataReader asks for code page 1252

    public Task<LoadReport> RunAsync(string name, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("kpimesh-xlsx-");
        var extra = new Dictionary<string, double> { ["rows"] = options.Rows };
        try
        {
            string File(string library, int rows) => Path.Combine(folder.FullName, $"{library}-{rows}.xlsx");
            void Measure(string library, string step, Action action)
            {
                cancellationToken.ThrowIfCancellationRequested();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                try { action(); }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    log.WriteLine($"{library} {step} failed: {error.GetType().Name}: {error.Message}");
                    extra[$"{library}.{step}Failed"] = 1;
                    return;
                }
                extra[$"{library}.{step}Ms"] = watch.Elapsed.TotalMilliseconds;
                extra[$"{library}.{step}AllocatedMb"] = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024.0;
                log.WriteLine($"{library} {step} {options.Rows:N0} rows: {watch.Elapsed.TotalSeconds:F2} s, {extra[$"{library}.{step}AllocatedMb"]:F0} MB allocated");
            }

            foreach (var rows in new[] { WarmUpRows, options.Rows })
            {
                var measured = rows == options.Rows;
                void Step(string library, string step, Action action) { if (measured) Measure(library, step, action); else try { action(); } catch (Exception) { } }
                Step("miniexcel", "write", () => WriteMiniExcel(File("miniexcel", rows), rows));
                Step("closedxml", "write", () => WriteClosedXml(File("closedxml", rows), rows));
                // Every reader reads the same file: the one MiniExcel wrote (what the gateway's templates are).
                var template = File("miniexcel", rows);
                Step("miniexcel", "read", () => Check(ReadMiniExcel(template), rows));
                Step("closedxml", "read", () => Check(ReadClosedXml(template), rows));
                Step("exceldatareader", "read", () => Check(ReadExcelDataReader(template), rows));
                if (!measured) continue;
                foreach (var library in new[] { "miniexcel", "closedxml" })
                    if (System.IO.File.Exists(File(library, rows))) extra[$"{library}.fileKb"] = new FileInfo(File(library, rows)).Length / 1024.0;
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
        return Task.FromResult(new LoadReport { Name = name, Mode = "xlsx", Extra = extra });
    }

    private static void Check(long cells, int rows)
    {
        var expected = (rows + 2L) * (3 + ValueColumns);
        if (cells != expected) throw new InvalidDataException($"read {cells} cells, expected {expected}");
    }

    private static string?[] Header() =>
        ["unit", "name", "level", .. Enumerable.Range(1, ValueColumns).Select(i => $"indicator_{i}.{(i % 2 == 1 ? "numerator" : "denominator")}")];

    private static string?[] Names() => ["# 单位代码", "单位名称", "层级", .. Enumerable.Range(1, ValueColumns).Select(i => $"指标{i}·{(i % 2 == 1 ? "分子" : "分母")}")];

    private static (string Code, string Name, long[] Values) Row(int i) =>
        ($"13010{i / 1000 + 100:D4}{i % 1000:D3}", $"村{i}", Enumerable.Range(1, ValueColumns).Select(c => (long)((i * 7 + c * 13) % 97 + (c % 2 == 0 ? 100 : 0))).ToArray());

    private static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : "A" + (char)('A' + index - 26);

    private static void WriteMiniExcel(string path, int rows)
    {
        IEnumerable<IDictionary<string, object?>> Sheet()
        {
            yield return Header().Select((v, i) => (Column(i), (object?)v)).ToDictionary(p => p.Item1, p => p.Item2);
            yield return Names().Select((v, i) => (Column(i), (object?)v)).ToDictionary(p => p.Item1, p => p.Item2);
            for (var i = 0; i < rows; i++)
            {
                var (code, name, values) = Row(i);
                var row = new Dictionary<string, object?> { ["A"] = code, ["B"] = name, ["C"] = "village" };
                for (var c = 0; c < values.Length; c++) row[Column(3 + c)] = values[c];
                yield return row;
            }
        }
        MiniExcel.SaveAs(path, Sheet(), printHeader: false, sheetName: "填报", excelType: ExcelType.XLSX, overwriteFile: true);
    }

    private static void WriteClosedXml(string path, int rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("填报");
        var header = Header();
        var names = Names();
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(1, c + 1).SetValue(header[c]);
            sheet.Cell(2, c + 1).SetValue(names[c]);
        }
        for (var i = 0; i < rows; i++)
        {
            var (code, name, values) = Row(i);
            sheet.Cell(i + 3, 1).SetValue(code);
            sheet.Cell(i + 3, 2).SetValue(name);
            sheet.Cell(i + 3, 3).SetValue("village");
            for (var c = 0; c < values.Length; c++) sheet.Cell(i + 3, c + 4).SetValue(values[c]);
        }
        workbook.SaveAs(path);
    }

    private static long ReadMiniExcel(string path)
    {
        long cells = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: false, excelType: ExcelType.XLSX))
            foreach (var value in row.Values) if (value is not null) cells++;
        return cells;
    }

    private static long ReadClosedXml(string path)
    {
        long cells = 0;
        using var workbook = new XLWorkbook(path);
        foreach (var row in workbook.Worksheet(1).RowsUsed())
            foreach (var cell in row.CellsUsed()) if (cell.Value is not null) cells++;
        return cells;
    }

    private static long ReadExcelDataReader(string path)
    {
        long cells = 0;
        using var stream = System.IO.File.OpenRead(path);
        using var reader = ExcelReaderFactory.CreateReader(stream);
        while (reader.Read())
            for (var i = 0; i < reader.FieldCount; i++) if (reader.GetValue(i) is not null) cells++;
        return cells;
    }
}
