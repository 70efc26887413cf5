using System.Text.Json;
using KpiMesh.Domain.Submissions;
using KpiMesh.Server.Services;

namespace KpiMesh.Server.Api;

/// <summary>
/// Reads <c>{ "submissions": [ ... ] }</c> leniently item by item: a wrong type in one item rejects that item
/// with its reason, never the whole batch. Only a body that is not JSON, or not of this shape, is refused whole.
/// </summary>
internal static class SubmissionJsonReader
{
    public sealed record Batch(IReadOnlyList<SubmissionInput> Inputs, IReadOnlyList<RejectedItem> Rejected);

    private static readonly string[] Fields = ["unit", "indicator", "numerator", "denominator", "option", "period", "id"];

    /// <returns>The batch, or the reason the whole body is refused.</returns>
    public static (Batch? Batch, string? Error) Read(JsonDocument document, int maxItems)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, "the body must be a JSON object with a 'submissions' array");
        if (document.RootElement.EnumerateObject().Count(p => p.NameEquals("submissions")) > 1)
            return (null, "'submissions' appears twice");
        if (!document.RootElement.TryGetProperty("submissions", out var items) || items.ValueKind != JsonValueKind.Array)
            return (null, "the body must have a 'submissions' array");
        var count = items.GetArrayLength();
        if (count > maxItems) return (null, $"at most {maxItems} submissions per request (got {count}); split the batch");

        var inputs = new List<SubmissionInput>(count);
        var rejected = new List<RejectedItem>();
        var index = 0;
        var previous = new SubmissionInput(null, null, null, null, null, null, null);
        foreach (var item in items.EnumerateArray())
        {
            var (input, error) = ReadItem(item, previous);
            previous = input ?? previous;
            inputs.Add(input ?? new SubmissionInput(null, null, null, null, null, null, null));
            if (error is not null) rejected.Add(new RejectedItem(index, error));
            index++;
        }
        return (new Batch(inputs, rejected), null);
    }

    /// <param name="previous">
    /// The item before: a batch's items mostly share indicator, option and period, and an equal value reuses its string
    /// instead of making another. Unit grains keep these strings in their state, so sharing them is also what the
    /// garbage collector no longer copies; with the field check below this cut the strings the server allocated under
    /// ingest by ~90% (dotnet-trace, bench/analysis.md).
    /// </param>
    private static (SubmissionInput? Input, string? Error) ReadItem(JsonElement item, SubmissionInput previous)
    {
        if (item.ValueKind != JsonValueKind.Object) return (null, "each submission must be a JSON object");
        // Each known field at most once, compared as UTF-8 without making a string of every property name.
        var seen = 0;
        foreach (var property in item.EnumerateObject())
            for (var f = 0; f < Fields.Length; f++)
                if (property.NameEquals(Fields[f]))
                {
                    if ((seen & (1 << f)) != 0) return (null, $"field '{Fields[f]}' appears twice");
                    seen |= 1 << f;
                    break;
                }
        try
        {
            return (new SubmissionInput(
                Unit: String(item, "unit", null),
                Indicator: String(item, "indicator", previous.Indicator),
                Option: String(item, "option", previous.Option),
                Numerator: Number(item, "numerator"),
                Denominator: Number(item, "denominator"),
                Period: String(item, "period", previous.Period),
                Id: String(item, "id", null)), null);
        }
        catch (FieldException error)
        {
            return (null, error.Message);
        }
    }

    private static string? String(JsonElement item, string name, string? same)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new FieldException($"{name} must be a string");
        return same is not null && value.ValueEquals(same) ? same : value.GetString();
    }

    private static double? Number(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number) throw new FieldException($"{name} must be a number");
        if (!value.TryGetDouble(out var number) || !double.IsFinite(number)) throw new FieldException($"{name} must be a finite number");
        return number;
    }

    private sealed class FieldException(string message) : Exception(message);
}
