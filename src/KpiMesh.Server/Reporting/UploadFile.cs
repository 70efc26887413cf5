using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using KpiMesh.Domain.Reporting;
using MiniExcelLibs;

namespace KpiMesh.Server.Reporting;

/// <summary>Why a file is refused whole (a problem document), as opposed to a cell refused in the summary.</summary>
public sealed class UploadFileException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}

/// <summary>
/// An uploaded file spooled to a temporary file while it arrives (memory stays flat whatever its size), hashed on
/// the way (the hash names the submissions, so the same file uploaded again is a no-op), then read row by row as
/// often as needed: once to judge, once more to commit.
/// </summary>
public sealed class UploadFile : IDisposable
{
    public const string CsvSheet = "csv";
    private static readonly Encoding Gb18030;

    static UploadFile()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Gb18030 = Encoding.GetEncoding("GB18030");
    }

    private readonly string _path;

    private UploadFile(string path, string hash, bool isXlsx, Encoding encoding)
    {
        _path = path;
        Hash = hash;
        IsXlsx = isXlsx;
        Encoding = encoding;
    }

    public string Hash { get; }
    public bool IsXlsx { get; }
    public Encoding Encoding { get; }

    /// <param name="charset">The declared charset of a CSV (content type or query), or null to detect UTF-8 vs GB18030.</param>
    public static async Task<UploadFile> SpoolAsync(Stream body, string? contentType, string? charset, long maxBytes, CancellationToken cancellationToken)
    {
        if (contentType?.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase) == true) throw MacroEnabled();
        var path = Path.GetTempFileName();
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
            var isUtf8 = true;
            var chars = new char[82_000];
            long total = 0;
            byte[]? head = null;
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81_920, useAsync: true))
            {
                var buffer = new byte[81_920];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxBytes) throw TooLarge(maxBytes);
                    head ??= buffer[..Math.Min(read, 4)];
                    sha.AppendData(buffer, 0, read);
                    if (isUtf8)
                    {
                        try { utf8.GetChars(buffer, 0, read, chars, 0, flush: false); }
                        catch (DecoderFallbackException) { isUtf8 = false; }
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            if (total == 0) throw new UploadFileException(400, "Empty upload", "the body is empty: send the filled template (XLSX or CSV)");
            var isXlsx = head is [0x50, 0x4B, 0x03, 0x04];
            var encoding = charset is not null ? Declared(charset) : isUtf8 ? new UTF8Encoding(false) : Gb18030;
            var upload = new UploadFile(path, Convert.ToHexStringLower(sha.GetHashAndReset()), isXlsx, encoding);
            if (isXlsx) upload.CheckWorkbook();
            return upload;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The size of the spooled file in bytes.</summary>
    public long Length => new FileInfo(_path).Length;

    /// <summary>
    /// Every row of the first sheet (CSV: the file), with its 1-based row number; cells as text, blank as null.
    /// <paramref name="progress"/> hears of each row with how far into the file the reader is (compressed bytes for XLSX).
    /// </summary>
    public IEnumerable<(string Sheet, int Row, IReadOnlyList<string?> Cells)> Rows(UploadProgress? progress = null)
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920);
        if (!IsXlsx)
        {
            using var reader = new StreamReader(stream, Encoding, detectEncodingFromByteOrderMarks: true);
            var row = 0;
            foreach (var record in Csv.Read(reader))
            {
                progress?.RowRead(stream.Position);
                yield return (CsvSheet, ++row, record);
            }
            yield break;
        }
        var sheet = MiniExcel.GetSheetNames(_path).FirstOrDefault() ?? "Sheet1";
        var number = 0;
        foreach (IDictionary<string, object?> cells in stream.Query(useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX))
        {
            number++;
            progress?.RowRead(stream.Position);
            yield return (sheet, number, cells.Values.Select(Text).ToList());
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// What a value reader would silently get wrong, refused before any row is read: macros, formulas without a value
    /// (or with an error value) and merged cells below the header rows, read straight from the sheet's XML.
    /// </summary>
    private void CheckWorkbook()
    {
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(_path); }
        catch (InvalidDataException) { throw new UploadFileException(400, "Not a workbook", "the file starts like an XLSX but is not a valid one"); }
        using (zip)
        {
            if (zip.GetEntry("xl/vbaProject.bin") is not null) throw MacroEnabled();
            var sheet = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
                .OrderBy(e => e.FullName.Length).ThenBy(e => e.FullName, StringComparer.Ordinal).FirstOrDefault()
                ?? throw new UploadFileException(400, "Not a workbook", "the workbook has no worksheet");
            using var xml = XmlReader.Create(sheet.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
            string? cell = null;
            bool cellError = false, hasFormula = false, hasValue = false;
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c")
                {
                    cell = xml.GetAttribute("r");
                    cellError = xml.GetAttribute("t") == "e";
                    hasFormula = hasValue = false;
                    if (xml.IsEmptyElement) cell = null;
                }
                else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "f") hasFormula = true;
                else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "v") hasValue = true;
                else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "c" && cell is not null)
                {
                    if (cellError || (hasFormula && !hasValue))
                        throw new UploadFileException(422, "Formula does not evaluate",
                            $"cell {cell} holds a formula without a value (or an error value): enter the number itself, or recalculate and save the workbook");
                    cell = null;
                }
                else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "mergeCell" && xml.GetAttribute("ref") is { } range && BelowHeader(range))
                    throw new UploadFileException(422, "Merged cells", $"cells {range} are merged in the data area: unmerge them so each value has its own cell");
            }
        }
    }

    /// <summary>The template's header is rows 1-2; a merge that reaches row 3 or below is in the data.</summary>
    private static bool BelowHeader(string range) =>
        range.Split(':').Any(r => int.TryParse(new string(r.SkipWhile(char.IsLetter).ToArray()), out var row) && row > 2);

    private static Encoding Declared(string charset)
    {
        try { return Encoding.GetEncoding(charset.Trim().Trim('"')); }
        catch (ArgumentException) { throw new UploadFileException(415, "Unsupported charset", $"charset '{Domain.Text.UserText.Clip(charset)}' is not known: send UTF-8 or GB18030"); }
    }

    private static UploadFileException MacroEnabled() =>
        new(415, "Macro-enabled workbook", "macro-enabled workbooks (.xlsm) are refused: save the template as .xlsx (Excel Workbook) and upload that");

    private static UploadFileException TooLarge(long max) =>
        new(413, "Upload too large", $"the file is larger than {max / 1024 / 1024} MiB; split it by county");

    public void Dispose() => File.Delete(_path);
}

/// <summary>RFC 4180 CSV, streamed: quoted fields may hold commas, quotes ("") and line breaks.</summary>
internal static class Csv
{
    public static IEnumerable<IReadOnlyList<string?>> Read(TextReader reader)
    {
        var fields = new List<string?>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else quoted = false;
                }
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(Take(field)); }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                fields.Add(Take(field));
                yield return fields;
                fields = [];
                any = false;
            }
            else field.Append(ch);
        }
        if (any)
        {
            fields.Add(Take(field));
            yield return fields;
        }
    }

    private static string? Take(StringBuilder field)
    {
        var text = field.Length == 0 ? null : field.ToString();
        field.Clear();
        return text;
    }
}
