using KpiMesh.Grains.Log;
using Microsoft.AspNetCore.Diagnostics;

namespace KpiMesh.Server.Hosting;

/// <summary>
/// Turns "the cluster cannot serve this now" (a silo gone, a call timed out) into 503 with a problem document,
/// so clients know to retry; anything else stays a 500 without a stack trace.
/// </summary>
internal sealed class ClusterUnavailableHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (OrleansException or TimeoutException or SiloUnavailableException or StorageUnavailableException or System.Data.Common.DbException))
            return false;
        logger.LogWarning(exception, "Cluster unavailable for {Path}", context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = 503, Title = "Service unavailable",
                Detail = exception is StorageUnavailableException ? exception.Message + "; retry shortly"
                    : "The cluster could not serve this request now; retry shortly.",
            },
        });
    }
}
