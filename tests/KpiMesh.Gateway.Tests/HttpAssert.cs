using System.Net;
using System.Text.Json;

namespace KpiMesh.Gateway.Tests;

internal static class HttpAssert
{
    /// <summary>Asserts an RFC 9457 problem document with the status, and returns its detail.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
        Assert.DoesNotContain("   at ", body); // never a stack trace
        return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
    }

    /// <summary>
    /// GETs <paramref name="path"/> until <paramref name="done"/> holds (rollups arrive within the staleness bound),
    /// failing with the last body after <paramref name="seconds"/>.
    /// </summary>
    public static async Task<JsonElement> PollAsync(HttpClient http, string path, Func<JsonElement, bool> done, int seconds = 10)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (true)
        {
            var body = await OkJsonAsync(await http.GetAsync(path));
            if (done(body)) return body;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{path} did not reach the expected state: {body}");
            await Task.Delay(100);
        }
    }

    /// <summary>Repeats a request until it answers <paramref name="status"/> (a freed slot takes a moment); keeps that response in <paramref name="keep"/>.</summary>
    public static async Task PollStatusAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, List<HttpResponseMessage> keep, int seconds = 10)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (true)
        {
            var response = await send();
            if (response.StatusCode == status)
            {
                keep.Add(response);
                return;
            }
            response.Dispose();
            if (DateTime.UtcNow > deadline) Assert.Fail($"never answered {status}");
            await Task.Delay(100);
        }
    }

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
