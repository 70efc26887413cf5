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

    private static readonly HashSet<string> Fields = ["unit", "indicator", "numerator", "denominator", "option", "period", "id"];

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
        foreach (var item in items.EnumerateArray())
        {
            var (input, error) = ReadItem(item);
            inputs.Add(input ?? new SubmissionInput(null, null, null, null, null, null, null));
            if (error is not null) rejected.Add(new RejectedItem(index, error));
            index++;
        }
        return (new Batch(inputs, rejected), null);
    }

    private static (SubmissionInput? Input, string? Error) ReadItem(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object) return (null, "each submission must be a JSON object");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in item.EnumerateObject())
            if (Fields.Contains(property.Name) && !seen.Add(property.Name))
                return (null, $"field '{property.Name}' appears twice");
        try
        {
            return (new SubmissionInput(
                Unit: String(item, "unit"),
                Indicator: String(item, "indicator"),
                Option: String(item, "option"),
                Numerator: Number(item, "numerator"),
                Denominator: Number(item, "denominator"),
                Period: String(item, "period"),
                Id: String(item, "id")), null);
        }
        catch (FieldException error)
        {
            return (null, error.Message);
        }
    }

    private static string? String(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new FieldException($"{name} must be a string");
        return value.GetString();
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
