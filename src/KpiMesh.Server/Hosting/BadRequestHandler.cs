using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace KpiMesh.Server.Hosting;

/// <summary>
/// A body or parameter the framework could not bind (malformed JSON, a wrong type, a duplicate or unknown field)
/// becomes 400 with the parser's reason, instead of an empty 400 that leaves the client guessing.
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        context.Response.StatusCode = bad.StatusCode;
        var reason = bad.InnerException is JsonException json ? $"{bad.Message} ({json.Message})" : bad.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = bad.StatusCode, Title = bad.StatusCode == 413 ? "Request too large" : "Bad request", Detail = reason + "; nothing was applied" },
        });
    }
}
