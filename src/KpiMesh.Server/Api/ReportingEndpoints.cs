using KpiMesh.Domain.Access;
using KpiMesh.Domain.Reporting;
using KpiMesh.Domain.Submissions;
using KpiMesh.Server.Auth;
using KpiMesh.Server.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KpiMesh.Server.Api;

public sealed record UploadRefusalResponse(string Sheet, int Row, string Column, string Error);

/// <summary>The import summary: <c>new</c>, <c>updated</c> and <c>unchanged</c> values, the refused cells, and whether anything was committed.</summary>
public sealed record UploadSummaryResponse(bool DryRun, int New, int Updated, int Unchanged, IReadOnlyList<UploadRefusalResponse> Refused, int Rows, bool Committed);

internal static class ReportingEndpoints
{
    public const long MaxUploadBytes = 64 * 1024 * 1024;
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapReportingEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/units/{code}/template", TemplateAsync).RequireUnit(Permission.Submit)
            .WithSummary("The month's reporting template (xlsx or csv) for every unit of the subtree the caller may submit for, current values filled in.")
            .WithRequestTimeout(AuthSetup.ImportTimeoutPolicy);
        api.MapPost("/units/{code}/uploads", UploadAsync).RequireUnit(Permission.Submit)
            .Accepts<IFormFile>(XlsxType, "text/csv")
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes))
            .WithRequestTimeout(AuthSetup.ImportTimeoutPolicy)
            .WithSummary("Upload a filled template; dryRun (default true) answers the import summary and writes nothing.");
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

    private static async Task<Results<Ok<UploadSummaryResponse>, ProblemHttpResult>> UploadAsync(
        RouteUnit unit, string? period, bool? dryRun, bool? partial, string? charset, HttpRequest request, UploadService uploads, CancellationToken cancellationToken)
    {
        if (ReportingPeriod.Problem(period) is { } bad) return Problems.BadRequest(bad);
        if (request.ContentLength > MaxUploadBytes) return Problems.TooLarge($"the file is larger than {MaxUploadBytes / 1024 / 1024} MiB; split it by county");
        var language = UploadText.FromAcceptLanguage(request.Headers.AcceptLanguage);
        var declared = charset ?? (request.ContentType is { } type && type.Contains("charset=", StringComparison.OrdinalIgnoreCase)
            ? type[(type.IndexOf("charset=", StringComparison.OrdinalIgnoreCase) + 8)..].Split(';')[0] : null);
        try
        {
            using var file = await UploadFile.SpoolAsync(request.Body, request.ContentType, declared, MaxUploadBytes, cancellationToken);
            var summary = await uploads.RunAsync(file, unit.Code, period!, dryRun ?? true, partial ?? false, request.HttpContext.Principal(), language, cancellationToken);
            return TypedResults.Ok(new UploadSummaryResponse(summary.DryRun, summary.New, summary.Updated, summary.Unchanged,
                summary.Refused.Select(r => new UploadRefusalResponse(r.Sheet, r.Row, r.Column, r.Error)).ToList(), summary.Rows, summary.Committed));
        }
        catch (UploadFileException refused)
        {
            return TypedResults.Problem(refused.Message, title: refused.Title, statusCode: refused.Status);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge($"the file is larger than {MaxUploadBytes / 1024 / 1024} MiB; split it by county");
        }
    }

    private sealed class TemporaryFile(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }
}
