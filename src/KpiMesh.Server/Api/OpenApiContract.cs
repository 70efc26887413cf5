using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using KpiMesh.Server.Auth;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Api;

/// <summary>
/// What the endpoints' own metadata cannot tell the OpenAPI document, added in one place rather than on every
/// endpoint: the RFC 9457 problem answers every operation can give, the two ways to sign in (X-Api-Key, bearer
/// token), and the shape of a submission batch (read item by item by <see cref="SubmissionJsonReader"/>, so the
/// endpoint binds no type the generator could describe).
/// </summary>
internal sealed class OpenApiContract(IOptions<LimitOptions> limits) : IOpenApiDocumentTransformer
{
    public const string ProblemSchema = "ProblemDetails";
    public const string SubmissionBatchSchema = "SubmissionBatch";
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";
    private const string ProblemJson = "application/problem+json";

    /// <summary>The refusals every operation can give, whatever it does (access, limits, the database).</summary>
    private static readonly (string Status, string Description)[] EveryOperation =
    [
        ("400", "The request is malformed (a bad code, period, query or body); the problem says which part."),
        ("401", "No credentials, or credentials that are not valid (unknown or revoked key, expired, forged or wrong-audience token)."),
        ("403", "The credentials do not allow this: role too weak, or a unit outside the principal's subtree."),
        ("404", "No such unit, indicator, option or resource."),
        ("429", "Too many requests or live streams for this principal, or (a submission) ingest paused while the recovery checkpoint catches up (Recovery:MaxLagRows); retry after the Retry-After seconds."),
        ("503", "The cluster or PostgreSQL cannot serve now; nothing was applied, retry later."),
    ];

    /// <summary>The refusals of an operation that reads a body.</summary>
    private static readonly (string Status, string Description)[] WithBody =
    [
        ("413", "The body is larger than the operation allows (16 MiB for submissions, 128 MiB for a hierarchy file)."),
        ("415", "The body is not of the content type the operation reads."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        document.Components.Schemas[SubmissionBatchSchema] = SubmissionBatch();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = Auth.ApiKeyHandler.Header,
            Description = "An API key from configuration (Auth:ApiKeys) or KPIMESH_ADMIN_KEY.",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
            Description = "A token from the configured issuer (Auth:Jwt) with the claims sub, role and unit.",
        };

        foreach (var (path, item) in document.Paths)
        foreach (var (method, operation) in item.Operations ?? [])
        {
            operation.Responses ??= new OpenApiResponses();
            var hasBody = operation.RequestBody is not null;
            foreach (var (status, description) in hasBody ? EveryOperation.Concat(WithBody) : EveryOperation)
                operation.Responses.TryAdd(status, new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) } },
                });
            // Either scheme signs a caller in (the server picks by the Authorization header).
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
            ];
            if (path == "/api/v1/submissions" && method == HttpMethod.Post
                && operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true)
                json.Schema = new OpenApiSchemaReference(SubmissionBatchSchema, document);
        }
        // The placeholder the submission endpoint declared (it reads the body itself) is no longer referenced.
        document.Components.Schemas.Remove("JsonElement");
        return Task.CompletedTask;
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem document: what was refused and why.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI naming the kind of problem."),
            ["title"] = Text("A short summary of the kind of problem."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "The HTTP status code." },
            ["detail"] = Text("What was wrong with this request."),
            ["instance"] = Text("The request the problem is about."),
        },
    };

    private OpenApiSchema SubmissionBatch() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Indicator values; each item is judged on its own, and a bad item never drops a good one.",
        Required = new HashSet<string> { "submissions" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["submissions"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                MaxItems = limits.Value.SubmissionItems,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "unit", "indicator", "numerator", "period" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["unit"] = Text("The unit's code, e.g. 130102001001."),
                        ["indicator"] = Text("An indicator id from GET /api/v1/indicators."),
                        ["numerator"] = new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0", Description = "A whole number." },
                        ["denominator"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Number | JsonSchemaType.Null, Minimum = "0",
                            Description = "A whole number; may be omitted for yes/no indicators (it is 1) and counts.",
                        },
                        ["option"] = Text("The disaggregation option, or null for none.", nullable: true),
                        ["period"] = Text("The reporting period: 2021, 2021Q4 or 2021-12."),
                        ["id"] = Text("A client-chosen idempotency key: the same id again is a no-op.", nullable: true),
                    },
                },
            },
        },
    };

    private static OpenApiSchema Text(string description, bool nullable = false) => new()
    {
        Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String, Description = description,
    };
}
