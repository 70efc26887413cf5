using System.Text.Json;
using KpiMesh.Grains.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KpiMesh.Server.Api;

internal static class SubmissionEndpoints
{
    public static void MapSubmissionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/submissions", SubmitAsync)
            .Accepts<JsonElement>("application/json")
            .WithMetadata(new RequestSizeLimitAttribute(ApiLimits.MaxSubmissionBytes))
            .WithSummary("Submit indicator values; each item is judged on its own.");
    }

    private static async Task<Results<Ok<SubmissionResponse>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, SubmissionIngestor ingestor, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType()) return Problems.UnsupportedMediaType("application/json");
        // Refusing on the declared length, before reading, lets a client that waits for 100-continue hear 413 at once.
        if (request.ContentLength > ApiLimits.MaxSubmissionBytes) return TooLarge();
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = ApiLimits.MaxJsonDepth }, cancellationToken);
        }
        catch (JsonException error)
        {
            return Problems.Invalid("Malformed JSON", $"the body is not valid JSON ({error.Message}); nothing was applied");
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (InvalidOperationException error) when (error.InnerException is System.Text.DecoderFallbackException)
        {
            return Problems.Invalid("Malformed JSON", "the body is not valid UTF-8; nothing was applied");
        }
        using (document)
        {
            var (batch, error) = SubmissionJsonReader.Read(document);
            if (batch is null) return Problems.Invalid("Malformed submission batch", error! + "; nothing was applied");
            var result = await ingestor.IngestAsync(batch.Inputs, batch.Rejected, request.HttpContext.User.Identity?.Name ?? "anonymous", cancellationToken);
            return TypedResults.Ok(new SubmissionResponse(result.Accepted, result.Applied, result.Duplicates, result.Superseded,
                result.Rejected.Select(r => new RejectedItemResponse(r.Index, r.Error)).ToList()));
        }
    }

    private static ProblemHttpResult TooLarge() =>
        Problems.TooLarge($"the body is larger than {ApiLimits.MaxSubmissionBytes / 1024 / 1024} MiB; nothing was applied");
}
