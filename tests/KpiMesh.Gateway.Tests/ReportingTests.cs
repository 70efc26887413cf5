using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;

namespace KpiMesh.Gateway.Tests;

/// <summary>Templates and uploads over HTTP: CSV in UTF-8 and GB18030, XLSX written by the library, dry runs, partial commits, re-uploads, the lock and each refusal.</summary>
public sealed class ReportingTests(ApprovalServerFixture server) : IClassFixture<ApprovalServerFixture>
{
    private const string Header = "unit,name,level,village_room_rate.numerator,special_pop_counselling_rate.numerator,special_pop_counselling_rate.denominator";

    private static ByteArrayContent Csv(string text, Encoding encoding, string? charset = null)
    {
        var content = new ByteArrayContent(encoding.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        if (charset is not null) content.Headers.ContentType.CharSet = charset;
        return content;
    }

    private static ByteArrayContent Xlsx(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return content;
    }

    private static long Value(JsonElement unit, string indicator, string field = "numerator") =>
        unit.GetProperty("indicators").EnumerateArray().First(i => i.GetProperty("indicator").GetString() == indicator && i.GetProperty("option").ValueKind == JsonValueKind.Null)
            .GetProperty(field).GetInt64();

    private async Task<JsonElement> UploadAsync(HttpClient client, string unit, HttpContent content, string query) =>
        await HttpAssert.OkJsonAsync(await client.PostAsync($"/api/v1/units/{unit}/uploads?period=2026-11&{query}", content));

    [Fact]
    public async Task The_csv_template_lists_the_callers_units_with_their_columns_and_current_values()
    {
        using var clerk = server.Client(SecuredServerFixture.CountySubmitter);
        await HttpAssert.OkJsonAsync(await clerk.PostAsync("/api/v1/submissions", ServerFixture.Json("""
            { "submissions": [ { "unit": "130102001", "indicator": "patient_management_rate", "numerator": 7, "denominator": 9, "period": "2026-11" } ] }
            """)));
        await HttpAssert.PollAsync(clerk, "/api/v1/units/130102001", u => Value(u, "patient_management_rate") == 7);
        var response = await clerk.GetAsync("/api/v1/units/130102/template?period=2026-11&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\n')).ToList();
        var header = lines[0].Split(',');
        Assert.Equal(["unit", "name", "level"], header[..3]);
        Assert.Contains("village_room_rate.numerator", header);
        Assert.DoesNotContain("county_center_standard_rate.numerator", header); // computed from platform reports, never entered
        Assert.StartsWith("#", lines[1]);
        var units = lines.Skip(2).Select(l => l.Split(',')[0]).ToList();
        Assert.Contains("130102001001", units);
        Assert.DoesNotContain(units, u => u.StartsWith("130104", StringComparison.Ordinal));
        var town = lines.Single(l => l.StartsWith("130102001,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("7", town[Array.IndexOf(header, "patient_management_rate.numerator")]);
        Assert.Equal("9", town[Array.IndexOf(header, "patient_management_rate.denominator")]);
        Assert.Equal("", town[Array.IndexOf(header, "village_room_rate.numerator")]); // not due at a town
    }

    [Fact]
    public async Task A_utf8_upload_dry_runs_commits_only_when_whole_or_partial_and_is_a_no_op_the_second_time()
    {
        using var clerk = server.Client(SecuredServerFixture.CountySubmitter);
        var file = $"""
            {Header}
            # 单位代码,单位名称,层级,村室,分子,分母
            130102001001,村一,village,1,,
            130102001002,村二,village,2,,
            130102001,建北街道,town,,5,4
            """;
        var dry = await UploadAsync(clerk, "130102", Csv(file, new UTF8Encoding(false)), "dryRun=true");
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal(1, dry.GetProperty("new").GetInt32());
        var refused = dry.GetProperty("refused").EnumerateArray().Select(r => (r.GetProperty("row").GetInt32(), r.GetProperty("column").GetString(), r.GetProperty("error").GetString()!)).ToList();
        Assert.Equal(2, refused.Count);
        Assert.Equal((4, "village_room_rate.numerator"), (refused[0].Item1, refused[0].Item2));
        Assert.Contains("数值不符合要求", refused[0].Item3); // Chinese by default
        Assert.Equal((5, "special_pop_counselling_rate.numerator"), (refused[1].Item1, refused[1].Item2));
        Assert.Contains("分子大于分母", refused[1].Item3);

        // Half valid without partial: nothing is written.
        Assert.False((await UploadAsync(clerk, "130102", Csv(file, new UTF8Encoding(false)), "dryRun=false")).GetProperty("committed").GetBoolean());
        await Task.Delay(500); // longer than a flush: had anything been applied, it would show
        Assert.Equal(0, Value(await HttpAssert.OkJsonAsync(await clerk.GetAsync("/api/v1/units/130102001001")), "village_room_rate", "reportedUnits"));

        using var english = server.Client(SecuredServerFixture.CountySubmitter);
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB");
        var partial = await UploadAsync(english, "130102", Csv(file, new UTF8Encoding(false)), "dryRun=false&partial=true");
        Assert.True(partial.GetProperty("committed").GetBoolean());
        Assert.Contains("numerator", partial.GetProperty("refused")[1].GetProperty("error").GetString());
        await HttpAssert.PollAsync(clerk, "/api/v1/units/130102001", u => Value(u, "village_room_rate") == 1);

        var again = await UploadAsync(clerk, "130102", Csv(file, new UTF8Encoding(false)), "dryRun=false&partial=true");
        Assert.Equal((0, 0, 1), (again.GetProperty("new").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        var audit = await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/api/v1/units/130102001001/submissions"));
        Assert.Equal(1, audit.GetProperty("submissions").GetArrayLength()); // the same ids: nothing new in the log
    }

    [Fact]
    public async Task A_gb18030_csv_is_detected_or_declared()
    {
        using var clerk = server.Client(SecuredServerFixture.CountySubmitter);
        var gb18030 = Encoding.GetEncoding("GB18030"); // registered by the server's upload reader
        var file = $"{Header}\n130104001,东里街道,town,,三,4\n".Replace("130104001", "130102001");
        foreach (var charset in new[] { null, "gb18030" })
        {
            var dry = await UploadAsync(clerk, "130102", Csv(file, gb18030, charset), "dryRun=true");
            Assert.Contains("“三”不是数字", dry.GetProperty("refused")[0].GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task An_xlsx_made_by_the_library_commits_and_a_late_upload_to_an_approved_period_is_refused_per_cell()
    {
        using var clerk = server.Client(SecuredServerFixture.CountySubmitter);
        var bytes = Workbook(("130102001", 6, 8));
        Assert.Equal(1, (await UploadAsync(clerk, "130102", Xlsx(bytes), "dryRun=false")).GetProperty("new").GetInt32());
        await HttpAssert.PollAsync(clerk, "/api/v1/units/130102", u => Value(u, "special_pop_counselling_rate") == 6 && Value(u, "special_pop_counselling_rate", "denominator") == 8);

        Assert.Equal(200, (int)(await clerk.PostAsync("/api/v1/units/130102001/approvals/2026-11", ServerFixture.Json("""{ "action": "complete", "reason": "test" }"""))).StatusCode);
        using var county = server.Client(ApprovalServerFixture.CountyApprover);
        Assert.Equal(200, (int)(await county.PostAsync("/api/v1/units/130102001/approvals/2026-11", ServerFixture.Json("""{ "action": "approve" }"""))).StatusCode);
        var late = await UploadAsync(clerk, "130102", Xlsx(Workbook(("130102001", 7, 8))), "dryRun=false");
        Assert.False(late.GetProperty("committed").GetBoolean());
        Assert.Contains("county-130102-approver", late.GetProperty("refused")[0].GetProperty("error").GetString());
        await HttpAssert.OkJsonAsync(await county.PostAsync("/api/v1/units/130102001/approvals/2026-11", ServerFixture.Json("""{ "action": "reopen" }""")));
    }

    [Fact]
    public async Task A_countys_own_indicator_is_a_column_of_its_template_only_and_its_upload_is_refused_elsewhere()
    {
        const string part = """
            { "indicators": [ { "id": "town_listening_posts", "names": { "zh": "街道倾听站数", "en": "Town listening posts" }, "unit": "个",
              "kind": "count", "submittedAt": ["town"], "source": "test: a county's own indicator" } ], "targets": [] }
            """;
        await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/units/130102/programme", ServerFixture.Json(part)));
        try
        {
            async Task<string[]> HeaderOf(string unit) =>
                (await server.Http.GetStringAsync($"/api/v1/units/{unit}/template?period=2026-07&format=csv")).TrimStart('\uFEFF').Split("\r\n")[0].Split(',');
            // The programme cache renews within a second: wait for the column to show in the county's own template.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            var county = await HeaderOf("130102");
            while (!county.Contains("town_listening_posts.numerator") && DateTime.UtcNow < deadline) { await Task.Delay(200); county = await HeaderOf("130102"); }
            Assert.Contains("town_listening_posts.numerator", county);
            Assert.Contains("town_listening_posts.numerator", await HeaderOf("1301")); // the city's template reaches into the county
            Assert.DoesNotContain("town_listening_posts.numerator", await HeaderOf("130104"));

            var file = "unit,name,level,town_listening_posts.numerator\n130102001,建北街道,town,3\n";
            using var clerk = server.Client(SecuredServerFixture.CountySubmitter);
            var dry = await HttpAssert.OkJsonAsync(await clerk.PostAsync("/api/v1/units/130102/uploads?period=2026-07&dryRun=true", Csv(file, Encoding.UTF8)));
            Assert.Equal((1, 0), (dry.GetProperty("new").GetInt32(), dry.GetProperty("refused").GetArrayLength()));
            // The sibling county's file with that column is another subtree's template.
            var sibling = "unit,name,level,town_listening_posts.numerator\n130104001,东里街道,town,3\n";
            Assert.Contains("town_listening_posts", await HttpAssert.ProblemAsync(
                await server.Http.PostAsync("/api/v1/units/130104/uploads?period=2026-07&dryRun=true", Csv(sibling, Encoding.UTF8)), (HttpStatusCode)422));
            // Through the city, whose template carries the column, the value is refused per cell outside the county.
            var city = await HttpAssert.OkJsonAsync(await server.Http.PostAsync("/api/v1/units/1301/uploads?period=2026-07&dryRun=true", Csv(file + "130104001,东里街道,town,3\n", Encoding.UTF8)));
            Assert.Equal(1, city.GetProperty("new").GetInt32());
            Assert.Equal("town_listening_posts.numerator", city.GetProperty("refused").EnumerateArray().Single().GetProperty("column").GetString());
        }
        finally
        {
            await HttpAssert.OkJsonAsync(await server.Http.PutAsync("/api/v1/units/130102/programme", ServerFixture.Json("""{ "indicators": [], "targets": [] }""")));
        }
    }

    [Fact]
    public async Task A_background_upload_answers_202_and_its_progress_ends_in_the_summary_or_the_refusal_for_its_owner_only()
    {
        using var clerk = server.Client(SecuredServerFixture.CountySubmitter);
        async Task<JsonElement> Follow(string file)
        {
            var started = await clerk.PostAsync("/api/v1/units/130102/uploads?period=2026-06&dryRun=true&async=true", Csv(file, Encoding.UTF8));
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var location = started.Headers.Location!.ToString();
            Assert.StartsWith("/api/v1/units/130102/uploads/", location);
            // Another caller, even an admin of the county, learns nothing of it.
            using var other = server.Client(SecuredServerFixture.CountyAdmin);
            await HttpAssert.ProblemAsync(await other.GetAsync(location), HttpStatusCode.NotFound);
            return await HttpAssert.PollAsync(clerk, location, p => p.GetProperty("phase").GetString() is "done" or "failed", seconds: 60);
        }

        var done = await Follow($"{Header}\n130102001001,村一,village,1,,\n130102001002,村二,village,7,,\n");
        Assert.Equal("done", done.GetProperty("phase").GetString());
        Assert.Equal(done.GetProperty("totalBytes").GetInt64(), done.GetProperty("bytesRead").GetInt64());
        var summary = done.GetProperty("summary");
        Assert.Equal((2, 1), (summary.GetProperty("rows").GetInt32(), summary.GetProperty("refused").GetArrayLength()));
        Assert.False(summary.GetProperty("committed").GetBoolean());

        var failed = await Follow("code,value\n130102001001,1\n");
        Assert.Equal("failed", failed.GetProperty("phase").GetString());
        Assert.Equal(422, failed.GetProperty("error").GetProperty("status").GetInt32());
        Assert.Contains("不是本系统的报表模板", failed.GetProperty("error").GetProperty("detail").GetString());
        await HttpAssert.ProblemAsync(await clerk.GetAsync("/api/v1/units/130102/uploads/0123456789abcdef01234567"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Wrong_files_are_refused_whole_with_a_problem_document()
    {
        using var clerk = server.Client(SecuredServerFixture.CountySubmitter);
        async Task<string> Refused(HttpContent content, HttpStatusCode status) =>
            await HttpAssert.ProblemAsync(await clerk.PostAsync("/api/v1/units/130102/uploads?period=2026-11&dryRun=true", content), status);

        Assert.Contains("未知的列", await Refused(Csv("unit,name,level,room_rate.numerator\n130102001001,a,village,1\n", Encoding.UTF8), (HttpStatusCode)422));
        Assert.Contains("不是本系统的报表模板", await Refused(Csv("code,value\n130102001001,1\n", Encoding.UTF8), (HttpStatusCode)422));
        Assert.Contains("130104001001", await Refused(Csv($"{Header}\n130104001001,村四,village,1,,\n", Encoding.UTF8), (HttpStatusCode)422));
        Assert.Contains("formula", await Refused(Xlsx(Edit(Workbook(("130102001", 1, 2)), xml => ReplaceFirstValue(xml, "<f>1/0</f>"))), (HttpStatusCode)422));
        Assert.Contains("merged", await Refused(Xlsx(Edit(Workbook(("130102001", 1, 2)), MergeRow3)), (HttpStatusCode)422));
        Assert.Contains("macro", await Refused(Xlsx(AddEntry(Workbook(("130102001", 1, 2)), "xl/vbaProject.bin")), HttpStatusCode.UnsupportedMediaType));
        // The declared length is refused before the body is read: the client waits for 100-continue and hears 413.
        using var tooLarge = new HttpRequestMessage(HttpMethod.Post, "/api/v1/units/130102/uploads?period=2026-11") { Content = new ByteArrayContent(new byte[65 * 1024 * 1024]) };
        tooLarge.Headers.ExpectContinue = true;
        Assert.Contains("MiB", await HttpAssert.ProblemAsync(await clerk.SendAsync(tooLarge), HttpStatusCode.RequestEntityTooLarge));
    }

    /// <summary>A template-shaped workbook written by MiniExcel: a header row of codes, a note row, one town row.</summary>
    private static byte[] Workbook(params (string Unit, int Numerator, int Denominator)[] towns)
    {
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["A"] = "unit", ["B"] = "name", ["C"] = "level", ["D"] = "special_pop_counselling_rate.numerator", ["E"] = "special_pop_counselling_rate.denominator" },
            new() { ["A"] = "# 单位代码", ["B"] = "单位名称", ["C"] = "层级", ["D"] = "分子", ["E"] = "分母" },
        };
        rows.AddRange(towns.Select(t => new Dictionary<string, object?> { ["A"] = t.Unit, ["B"] = "建北街道", ["C"] = "town", ["D"] = t.Numerator, ["E"] = t.Denominator }));
        using var stream = new MemoryStream();
        stream.SaveAs(rows, printHeader: false, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static byte[] Edit(byte[] workbook, Func<string, string> change)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open())) xml = reader.ReadToEnd();
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(change(xml));
        }
        return stream.ToArray();
    }

    private static byte[] AddEntry(byte[] workbook, string name)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        using (var entry = zip.CreateEntry(name).Open()) entry.Write([1, 2, 3]);
        return stream.ToArray();
    }

    /// <summary>Merges D3:E3 (the first data row), with the sheet's own namespace prefix if it uses one.</summary>
    private static string MergeRow3(string xml)
    {
        var p = xml.Contains("</x:sheetData>", StringComparison.Ordinal) ? "x:" : "";
        return xml.Replace($"</{p}sheetData>", $"</{p}sheetData><{p}mergeCells count=\"1\"><{p}mergeCell ref=\"D3:E3\"/></{p}mergeCells>");
    }

    /// <summary>Replaces the value of the first numeric cell of row 3 by a formula without a cached value.</summary>
    private static string ReplaceFirstValue(string xml, string formula)
    {
        var row = xml.IndexOf("<x:row r=\"3\"", StringComparison.Ordinal) is var i and >= 0 ? i : xml.IndexOf("<row r=\"3\"", StringComparison.Ordinal);
        Assert.True(row >= 0, xml[..Math.Min(xml.Length, 2000)]);
        var value = xml.IndexOf("<x:v>", row, StringComparison.Ordinal) is var v and >= 0 ? v : xml.IndexOf("<v>", row, StringComparison.Ordinal);
        var end = xml.IndexOf("</", value + 3, StringComparison.Ordinal);
        var close = xml.IndexOf('>', end) + 1;
        return xml[..value] + formula + xml[close..];
    }
}
