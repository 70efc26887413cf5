using System.Text.Json;

namespace KpiMesh.Gateway.Tests;

/// <summary>/openapi/v1.json describes the refusals, the submission body and how to sign in, for client generators.</summary>
public sealed class OpenApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly string[] EveryOperation = ["400", "401", "403", "404", "429", "503"];
    private static readonly string[] WithBody = ["413", "415"];

    private async Task<JsonElement> DocumentAsync() => await HttpAssert.OkJsonAsync(await server.Http.GetAsync("/openapi/v1.json"));

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where operation.Name is "get" or "post" or "put" or "delete" or "patch"
        select ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value);

    [Fact]
    public async Task Every_operation_documents_its_problem_answers()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 15, $"only {operations.Count} operations");
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");
        Assert.True(problem.GetProperty("properties").TryGetProperty("detail", out _));
        foreach (var (name, operation) in operations)
        {
            var expected = operation.TryGetProperty("requestBody", out _) ? EveryOperation.Concat(WithBody) : EveryOperation;
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("200", out _) || responses.TryGetProperty("204", out _), $"{name}: no success answer");
            foreach (var status in expected)
            {
                Assert.True(responses.TryGetProperty(status, out var response), $"{name}: no {status} answer");
                Assert.False(string.IsNullOrWhiteSpace(response.GetProperty("description").GetString()), $"{name} {status}: no description");
                var schema = response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
                Assert.Equal("#/components/schemas/ProblemDetails", schema.GetProperty("$ref").GetString());
            }
        }
    }

    [Fact]
    public async Task The_submission_body_has_its_schema()
    {
        var document = await DocumentAsync();
        var schema = document.GetProperty("paths").GetProperty("/api/v1/submissions").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var name = schema.GetProperty("$ref").GetString()!.Split('/')[^1];
        var batch = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        Assert.Contains("submissions", batch.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        var submissions = batch.GetProperty("properties").GetProperty("submissions");
        Assert.Equal(50_000, submissions.GetProperty("maxItems").GetInt32());
        var item = submissions.GetProperty("items");
        var fields = item.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(["denominator", "id", "indicator", "numerator", "option", "period", "unit"], fields);
        Assert.Equal(["indicator", "numerator", "period", "unit"], item.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order().ToArray());
    }

    [Fact]
    public async Task The_API_key_and_bearer_schemes_are_declared_and_required_by_every_operation()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var apiKey = schemes.GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (apiKey.GetProperty("type").GetString(), apiKey.GetProperty("in").GetString(), apiKey.GetProperty("name").GetString()));
        var bearer = schemes.GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));
        foreach (var (name, operation) in Operations(document))
        {
            var alternatives = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Order().ToArray();
            Assert.True(alternatives.SequenceEqual(["ApiKey", "Bearer"]), $"{name}: security {string.Join(",", alternatives)}");
        }
    }
}
