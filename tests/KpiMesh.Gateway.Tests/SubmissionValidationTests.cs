using System.Net;
using System.Text.Json;

namespace KpiMesh.Gateway.Tests;

/// <summary>Each bad item is rejected with its reason while the good item beside it is accepted.</summary>
public sealed class SubmissionValidationTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Good = """{ "unit": "130104001002", "indicator": "village_room_rate", "numerator": 1, "period": "2021-12" }""";

    private async Task<string> RejectedBesideAGoodOne(string badItem)
    {
        var response = await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json($$"""{ "submissions": [ {{Good}}, {{badItem}} ] }"""));
        var result = await HttpAssert.OkJsonAsync(response);
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        var rejected = result.GetProperty("rejected").EnumerateArray().Single();
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        return rejected.GetProperty("error").GetString()!;
    }

    [Fact]
    public async Task Unknown_unit() =>
        Assert.Contains("unknown unit 999999999999", await RejectedBesideAGoodOne("""{ "unit": "999999999999", "indicator": "village_room_rate", "numerator": 1, "period": "2021" }"""));

    [Fact]
    public async Task Unknown_indicator() =>
        Assert.Contains("unknown indicator 'happiness_rate'", await RejectedBesideAGoodOne("""{ "unit": "130102001001", "indicator": "happiness_rate", "numerator": 1, "period": "2021" }"""));

    [Fact]
    public async Task Indicator_not_submitted_at_that_unit_kind() =>
        Assert.Contains("not submitted at a town", await RejectedBesideAGoodOne("""{ "unit": "130102001", "indicator": "village_room_rate", "numerator": 1, "period": "2021" }"""));

    [Fact]
    public async Task Unknown_option() =>
        Assert.Contains("unknown option 'elderly'", await RejectedBesideAGoodOne("""{ "unit": "130102", "indicator": "awareness_rate", "option": "elderly", "numerator": 1, "denominator": 2, "period": "2021" }"""));

    [Fact]
    public async Task Negative_number() =>
        Assert.Contains("must not be negative", await RejectedBesideAGoodOne("""{ "unit": "130102001", "indicator": "patient_treatment_rate", "numerator": -3, "denominator": 10, "period": "2021" }"""));

    [Fact]
    public async Task Non_finite_number() =>
        Assert.Contains("finite", await RejectedBesideAGoodOne("""{ "unit": "130102001", "indicator": "patient_treatment_rate", "numerator": 1e400, "denominator": 10, "period": "2021" }"""));

    [Fact]
    public async Task Number_sent_as_a_string() =>
        Assert.Contains("numerator must be a number", await RejectedBesideAGoodOne("""{ "unit": "130102001", "indicator": "patient_treatment_rate", "numerator": "NaN", "denominator": 10, "period": "2021" }"""));

    [Fact]
    public async Task Numerator_greater_than_denominator() =>
        Assert.Contains("greater than denominator", await RejectedBesideAGoodOne("""{ "unit": "130102001", "indicator": "patient_treatment_rate", "numerator": 11, "denominator": 10, "period": "2021" }"""));

    [Fact]
    public async Task Bad_period() =>
        Assert.Contains("bad period '2021-13'", await RejectedBesideAGoodOne("""{ "unit": "130102001001", "indicator": "village_room_rate", "numerator": 1, "period": "2021-13" }"""));

    [Fact]
    public async Task Duplicate_field() =>
        Assert.Contains("appears twice", await RejectedBesideAGoodOne("""{ "unit": "130102001001", "indicator": "village_room_rate", "numerator": 1, "numerator": 0, "period": "2021" }"""));

    [Fact]
    public async Task Item_that_is_not_an_object() =>
        Assert.Contains("must be a JSON object", await RejectedBesideAGoodOne("42"));

    [Fact]
    public async Task Same_id_with_a_different_body_is_rejected_and_a_true_retry_is_accepted()
    {
        const string first = """{ "unit": "130102001002", "indicator": "village_room_rate", "numerator": 1, "period": "2021-12", "id": "gw-1" }""";
        var response = await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json($$"""{ "submissions": [ {{first}}, {{first}} ] }"""));
        var result = await HttpAssert.OkJsonAsync(response);
        Assert.Equal((2, 1, 1), (result.GetProperty("accepted").GetInt32(), result.GetProperty("applied").GetInt32(), result.GetProperty("duplicates").GetInt32()));
        Assert.Contains("already used", await RejectedBesideAGoodOne("""{ "unit": "130102001002", "indicator": "village_room_rate", "numerator": 0, "period": "2021-12", "id": "gw-1" }"""));
    }

    [Theory]
    [InlineData("{ \"submissions\": [ { \"unit\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{ \"items\": [] }")]
    [InlineData("{ \"submissions\": {} }")]
    [InlineData("")]
    public async Task Malformed_json_is_a_problem_document_and_nothing_is_applied(string body)
    {
        var before = await VillageRoomAsync("130102");
        var response = await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json(body));
        var detail = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("nothing was applied", detail);
        Assert.Equal(before, await VillageRoomAsync("130102"));
    }

    [Fact]
    public async Task Deeply_nested_json_is_refused()
    {
        var body = "{ \"submissions\": [" + new string('[', 100) + new string(']', 100) + "] }";
        await HttpAssert.ProblemAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json(body)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Oversized_body_is_a_problem_document()
    {
        var padding = new string(' ', 17 * 1024 * 1024);
        var body = "{ \"submissions\": [" + padding + Good + "] }";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = ServerFixture.Json(body) };
        request.Headers.ExpectContinue = true; // as curl does for large bodies: the server can refuse before the upload
        var detail = await HttpAssert.ProblemAsync(await server.Http.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("nothing was applied", detail);
    }

    [Fact]
    public async Task Too_many_items_in_one_batch_is_a_problem_document()
    {
        var body = "{ \"submissions\": [" + string.Join(",", Enumerable.Repeat("{}", 50_001)) + "] }";
        var detail = await HttpAssert.ProblemAsync(await server.Http.PostAsync("/api/v1/submissions", ServerFixture.Json(body)), HttpStatusCode.BadRequest);
        Assert.Contains("at most 50000", detail);
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        var response = await server.Http.PostAsync("/api/v1/submissions", new StringContent(Good, System.Text.Encoding.UTF8, "text/plain"));
        await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    private async Task<string> VillageRoomAsync(string code)
    {
        var unit = await HttpAssert.OkJsonAsync(await server.Http.GetAsync($"/api/v1/units/{code}"));
        return unit.GetProperty("indicators").EnumerateArray().First(i => i.GetProperty("indicator").GetString() == "village_room_rate").GetRawText();
    }
}
