using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using KpiMesh.Grains.Log;
using Microsoft.AspNetCore.Diagnostics;

namespace KpiMesh.Server.Hosting;

/// <summary>
/// The exceptions a request may end with that are the client's or the moment's, not a bug, each answered with a
/// problem document (one home for the mapping, instead of one handler class per exception):
/// <list type="bullet">
/// <item>a body or parameter the framework could not bind (malformed JSON, a wrong type, a duplicate or unknown field):
/// 400 (or 413) with the parser's reason, instead of an empty 400 that leaves the client guessing;</item>
/// <item>submissions paused because the recovery checkpoint trails the log by more than <c>Recovery:MaxLagRows</c>:
/// 429 with Retry-After, like the rate limit, so clients that already back off on 429 wait and send again (ids make it
/// safe);</item>
/// <item>"the cluster cannot serve this now" (a silo gone, a call timed out, the database down): 503 with Retry-After,
/// so clients know to retry.</item>
/// </list>
/// Anything else stays a 500 without a stack trace.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    private sealed record Answer(int Status, string Title, string Detail, int? RetryAfterSeconds = null);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (Describe(exception) is not { } answer) return false;
        if (answer.Status == StatusCodes.Status503ServiceUnavailable) logger.LogWarning(exception, "Cluster unavailable for {Path}", context.Request.Path);
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = answer.Status, Title = answer.Title, Detail = answer.Detail },
        });
    }

    private static Answer? Describe(Exception exception) => exception switch
    {
        BadHttpRequestException bad => new(bad.StatusCode, bad.StatusCode == 413 ? "Request too large" : "Bad request",
            (bad.InnerException is JsonException json ? $"{bad.Message} ({json.Message})" : bad.Message) + "; nothing was applied"),
        IngestStalledException stalled => new(StatusCodes.Status429TooManyRequests, "Too many requests", stalled.Message,
            Math.Max(1, (int)Math.Ceiling(stalled.RetryAfter.TotalSeconds))),
        StorageUnavailableException => new(StatusCodes.Status503ServiceUnavailable, "Service unavailable", exception.Message + "; retry shortly", 1),
        OrleansException or TimeoutException or SiloUnavailableException or DbException =>
            new(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The cluster could not serve this request now; retry shortly.", 1),
        _ => null,
    };
}
