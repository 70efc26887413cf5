using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KpiMesh.Gateway.Tests;

/// <summary>Problem documents in the caller's language (Accept-Language), English otherwise.</summary>
public sealed class ProblemLanguageTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private async Task<(HttpStatusCode Status, JsonElement Problem, string? Language)> GetAsync(string path, string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null) request.Headers.Add("Accept-Language", acceptLanguage);
        using var response = await server.Http.SendAsync(request);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(), response.Content.Headers.ContentLanguage.FirstOrDefault());
    }

    [Theory]
    [InlineData("/api/v1/units/1399", "未找到", "未知单位 1399")]
    [InlineData("/api/v1/units/13/children?indicator=nope", "请求有误", "未知指标“nope”")]
    [InlineData("/api/v1/units/13/laggards?indicator=village_room_rate&level=moon", "请求有误", "查询参数 level 必须是单位层级（county、town、village、school……）")]
    public async Task A_caller_preferring_Chinese_reads_the_refusal_in_Chinese(string path, string title, string detail)
    {
        var (_, problem, language) = await GetAsync(path, "zh-CN,zh;q=0.9,en;q=0.8");
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Equal("zh-CN", language);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("en-US,en;q=0.9")]
    [InlineData("en;q=0.9,zh;q=0.5")]
    public async Task Anyone_else_keeps_the_English_wording(string? acceptLanguage)
    {
        var (status, problem, _) = await GetAsync("/api/v1/units/1399", acceptLanguage);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Not found", problem.GetProperty("title").GetString());
        Assert.Equal("unknown unit 1399", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_export_that_is_not_a_table_is_refused_in_the_callers_language()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/exports/xlsx")
        {
            Content = ServerFixture.Json("""{ "title": "t", "columns": ["a", "a"], "rows": [] }"""),
        };
        request.Headers.Add("Accept-Language", "en");
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("column headings must differ", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
