using KpiMesh.Domain.Access;
using KpiMesh.Server.Auth;
using System.Text;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Grains;
using KpiMesh.Server.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Api;

internal static class HierarchyEndpoints
{
    public static void MapHierarchyEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/hierarchy", ImportAsync).RequireUnit(Permission.ChangeHierarchy)
            .AcceptsUpTo<string>(api.Limits().HierarchyBytes, "text/csv")
            .WithSummary("Load units from code,name,level,parent_code CSV; the file is applied whole or not at all.")
            .WithRequestTimeout(AuthSetup.ImportTimeoutPolicy);
        api.MapGet("/hierarchy", (SiloUnitDirectory directory) => TypedResults.Ok(directory.Read(d => new HierarchyResponse(
                d.Root is { } root ? new UnitSummary(root.Code, root.Name, root.Level.ToWireName()) : null, d.Count, directory.Version))))
            .WithSummary("Where the hierarchy starts and how big it is.");
    }

    private static async Task<Results<Ok<HierarchyImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, HierarchyImporter importer, IOptions<LimitOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (request.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
            return Problems.UnsupportedMediaType("text/csv");
        if (request.ContentLength > limits.HierarchyBytes) return TooLarge(limits);
        ImportReport report;
        try
        {
            // Kestrel allows only asynchronous reads, and the parser reads lines: take the body whole first.
            using var body = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            var text = await body.ReadToEndAsync(cancellationToken);
            report = await importer.ImportAsync(new StringReader(text), "upload", cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            return Problems.Invalid("Invalid hierarchy file", "the file is not valid UTF-8; nothing was loaded");
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limits);
        }
        if (report.Error is { } error)
            return Problems.Invalid("Invalid hierarchy file", $"{error}; nothing was loaded");
        return TypedResults.Ok(new HierarchyImportResponse(report.Added, report.Renamed, report.Unchanged, report.Version));
    }

    private static ProblemHttpResult TooLarge(LimitOptions limits) =>
        Problems.TooLarge($"the file is larger than {limits.HierarchyBytes / 1024 / 1024} MiB; nothing was loaded");
}
