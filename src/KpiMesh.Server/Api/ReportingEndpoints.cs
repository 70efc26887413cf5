using KpiMesh.Domain.Access;
using KpiMesh.Domain.Reporting;
using KpiMesh.Domain.Submissions;
using KpiMesh.Server.Auth;
using KpiMesh.Server.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Api;

public sealed record UploadRefusalResponse(string Sheet, int Row, string Column, string Error);

/// <summary>The import summary: <c>new</c>, <c>updated</c> and <c>unchanged</c> values, the refused cells, and whether anything was committed.</summary>
public sealed record UploadSummaryResponse(bool DryRun, int New, int Updated, int Unchanged, IReadOnlyList<UploadRefusalResponse> Refused, int Rows, bool Committed)
{
    public static UploadSummaryResponse From(UploadSummary s) => new(s.DryRun, s.New, s.Updated, s.Unchanged,
        s.Refused.Select(r => new UploadRefusalResponse(r.Sheet, r.Row, r.Column, r.Error)).ToList(), s.Rows, s.Committed);
}

/// <summary>Why a background upload's file was refused whole: what the synchronous answer's problem document would have said.</summary>
public sealed record UploadErrorResponse(int Status, string Title, string Detail);

/// <summary>
/// A background upload (<c>?async=true</c>): <c>phase</c> is <c>judging</c>, <c>committing</c>, <c>done</c> or
/// <c>failed</c>; <c>rowsRead</c> and <c>bytesRead</c> (of <c>totalBytes</c>) count the current pass over the file;
/// <c>summary</c> when done, <c>error</c> when failed.
/// </summary>
public sealed record UploadProgressResponse(
    string Id, string Unit, string Period, bool DryRun, string Phase, long RowsRead, long BytesRead, long TotalBytes,
    UploadSummaryResponse? Summary, UploadErrorResponse? Error)
{
    public static UploadProgressResponse From(UploadProgress p) => new(p.Id, p.Unit, p.Period, p.DryRun, p.Phase, p.Rows, p.BytesRead, p.TotalBytes,
        p.Summary is { } s ? UploadSummaryResponse.From(s) : null, p.Refusal is { } r ? new UploadErrorResponse(r.Status, r.Title, r.Message) : null);
}

internal static class ReportingEndpoints
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapReportingEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/units/{code}/template", TemplateAsync).RequireUnit(Permission.Submit)
            .WithSummary("The month's reporting template (xlsx or csv) for every unit of the subtree the caller may submit for, current values filled in.")
            .WithRequestTimeout(AuthSetup.ImportTimeoutPolicy);
        api.MapPost("/units/{code}/uploads", UploadAsync).RequireUnit(Permission.Submit)
            .AcceptsUpTo<IFormFile>(api.Limits().UploadBytes, XlsxType, "text/csv")
            .WithRequestTimeout(AuthSetup.ImportTimeoutPolicy)
            .WithSummary("Upload a filled template; dryRun (default true) answers the import summary and writes nothing; async=true answers 202 and runs it in the background.");
        api.MapGet("/units/{code}/uploads/{id}", ProgressAsync).RequireUnit(Permission.Submit)
            .WithSummary("How far a background upload has got (phase, rows and bytes read), then its import summary; for the caller who started it.");
    }

    private static async Task<IResult> TemplateAsync(RouteUnit unit, string? period, string? format, TemplateService templates, HttpContext context)
    {
        if (ReportingPeriod.Problem(period) is { } bad) return Problems.BadRequest(bad);
        if (format is not (null or "xlsx" or "csv")) return Problems.BadRequest("format must be xlsx or csv");
        var xlsx = format != "csv";
        string path;
        try { path = await templates.WriteAsync(unit.Code, context.Principal(), xlsx, context.RequestAborted); }
        catch (UploadFileException refused) { return TypedResults.Problem(refused.Message, title: refused.Title, statusCode: refused.Status); }
        context.Response.RegisterForDispose(new TemporaryFile(path));
        var name = $"kpimesh-{unit.Code}-{period}.{(xlsx ? "xlsx" : "csv")}";
        return TypedResults.PhysicalFile(path, xlsx ? XlsxType : "text/csv; charset=utf-8", name);
    }

    private static async Task<Results<Ok<UploadSummaryResponse>, Accepted<UploadProgressResponse>, ProblemHttpResult>> UploadAsync(
        RouteUnit unit, string? period, bool? dryRun, bool? partial, string? charset, [FromQuery(Name = "async")] bool? background,
        HttpRequest request, UploadService uploads, UploadJobs jobs, IOptions<LimitOptions> limits, CancellationToken cancellationToken)
    {
        if (ReportingPeriod.Problem(period) is { } bad) return Problems.BadRequest(bad);
        var maxBytes = limits.Value.UploadBytes;
        if (request.ContentLength > maxBytes) return Problems.TooLarge($"the file is larger than {maxBytes / 1024 / 1024} MiB; split it by county");
        var language = UploadText.FromAcceptLanguage(request.Headers.AcceptLanguage);
        var declared = charset ?? (request.ContentType is { } type && type.Contains("charset=", StringComparison.OrdinalIgnoreCase)
            ? type[(type.IndexOf("charset=", StringComparison.OrdinalIgnoreCase) + 8)..].Split(';')[0] : null);
        try
        {
            var file = await UploadFile.SpoolAsync(request.Body, request.ContentType, declared, maxBytes, cancellationToken);
            if (background == true)
            {
                // The file is in; the rows are read after the answer, so the client can show how far they have got.
                if (jobs.Start(file, unit.Code, period!, dryRun ?? true, partial ?? false, request.HttpContext.Principal(), language) is not { } progress)
                {
                    file.Dispose();
                    return TypedResults.Problem($"{jobs.MaxRunning} uploads are running on this server; try again in a minute", title: "Too many uploads", statusCode: 503);
                }
                return TypedResults.Accepted($"/api/v1/units/{unit.Code}/uploads/{progress.Id}", UploadProgressResponse.From(progress));
            }
            using (file)
                return TypedResults.Ok(UploadSummaryResponse.From(
                    await uploads.RunAsync(file, unit.Code, period!, dryRun ?? true, partial ?? false, request.HttpContext.Principal(), language, cancellationToken)));
        }
        catch (UploadFileException refused)
        {
            return TypedResults.Problem(refused.Message, title: refused.Title, statusCode: refused.Status);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge($"the file is larger than {maxBytes / 1024 / 1024} MiB; split it by county");
        }
    }

    private static Results<Ok<UploadProgressResponse>, ProblemHttpResult> ProgressAsync(RouteUnit unit, string id, UploadJobs jobs, HttpContext context) =>
        jobs.Find(id, unit.Code, context.Principal()) is { } progress
            ? TypedResults.Ok(UploadProgressResponse.From(progress))
            : Problems.NotFound($"no upload {Domain.Text.UserText.Clip(id)} of yours for {unit.Code} (finished uploads are kept {UploadJobs.Keep.TotalMinutes:0} minutes)");

    private sealed class TemporaryFile(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }
}
