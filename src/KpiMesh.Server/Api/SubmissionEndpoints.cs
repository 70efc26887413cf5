using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using System.Text.Json;
using KpiMesh.Server.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Api;

internal static class SubmissionEndpoints
{
    public static void MapSubmissionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/submissions", SubmitAsync).RequireUnit(Permission.Submit)
            .AcceptsUpTo<JsonElement>(api.Limits().SubmissionBytes, "application/json")
            .WithSummary("Submit indicator values; each item is judged on its own.");
    }

    private static async Task<Results<Ok<SubmissionResponse>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, SubmissionIngestor ingestor, IOptions<LimitOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (!request.HasJsonContentType()) return Problems.UnsupportedMediaType("application/json");
        // Refusing on the declared length, before reading, lets a client that waits for 100-continue hear 413 at once.
        if (request.ContentLength > limits.SubmissionBytes) return TooLarge(limits);
        JsonDocument document;
        try
        {
            // The body is read whole (it is bounded, and the parser would hold it anyway) so that its UTF-8 can be
            // checked first: the parser leaves strings undecoded, and a bad byte would otherwise surface mid-batch.
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, cancellationToken);
            var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
            if (!System.Text.Unicode.Utf8.IsValid(bytes.Span)) return Problems.Invalid("Malformed JSON", "the body is not valid UTF-8; nothing was applied");
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = limits.SubmissionJsonDepth });
        }
        catch (JsonException error)
        {
            return Problems.Invalid("Malformed JSON", $"the body is not valid JSON ({error.Message}); nothing was applied");
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limits);
        }
        using (document)
        {
            var (batch, error) = SubmissionJsonReader.Read(document, limits.SubmissionItems);
            if (batch is null) return Problems.Invalid("Malformed submission batch", error! + "; nothing was applied");
            var result = await ingestor.IngestAsync(batch.Inputs, batch.Rejected, request.HttpContext.Principal(), cancellationToken);
            if (result.Denied is { } denied) return Problems.Forbidden(denied + "; nothing was applied");
            return TypedResults.Ok(new SubmissionResponse(result.Accepted, result.Applied, result.Duplicates, result.Superseded,
                result.Rejected.Select(r => new RejectedItemResponse(r.Index, r.Error)).ToList()));
        }
    }

    private static ProblemHttpResult TooLarge(LimitOptions limits) =>
        Problems.TooLarge($"the body is larger than {limits.SubmissionBytes / 1024 / 1024} MiB; nothing was applied");
}
