using System.Globalization;
using KpiMesh.Grains.Log;
using Microsoft.AspNetCore.Diagnostics;

namespace KpiMesh.Server.Hosting;

/// <summary>
/// Submissions paused because the recovery checkpoint trails the log by more than Recovery:MaxLagRows: 429 with
/// Retry-After, like the rate limit, so clients that already back off on 429 wait and send again (ids make it safe).
/// </summary>
internal sealed class IngestStalledHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not IngestStalledException stalled) return false;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(stalled.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = 429, Title = "Too many requests", Detail = stalled.Message },
        });
    }
}
