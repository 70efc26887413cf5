using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiMesh.Server.Api;

/// <summary>The problem documents (RFC 9457) the API answers with; one place so titles stay consistent.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(detail, title: "Bad request", statusCode: 400);

    public static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(detail, title: "Forbidden", statusCode: 403);

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, title: "Not found", statusCode: 404);

    public static ProblemHttpResult TooLarge(string detail) => TypedResults.Problem(detail, title: "Request too large", statusCode: 413);

    public static ProblemHttpResult UnsupportedMediaType(string expected) =>
        TypedResults.Problem($"send the body as {expected}", title: "Unsupported media type", statusCode: 415);

    public static ProblemHttpResult Invalid(string title, string detail) => TypedResults.Problem(detail, title: title, statusCode: 400);

    /// <summary>The request is well formed but the resource is not in a state to take it (a step out of order).</summary>
    public static ProblemHttpResult Conflict(string title, string detail) => TypedResults.Problem(detail, title: title, statusCode: 409);

    /// <summary>A card with unmarked items: <c>missing</c> lists them, so a client can point at each.</summary>
    public static ProblemHttpResult Incomplete(string detail, IReadOnlyList<string> missing) =>
        TypedResults.Problem(detail, title: "Application incomplete", statusCode: 400, extensions: new Dictionary<string, object?> { ["missing"] = missing });
}
