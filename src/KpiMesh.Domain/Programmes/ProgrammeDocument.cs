using System.Text.Json;
using System.Text.Json.Serialization;

namespace KpiMesh.Domain.Programmes;

/// <summary>
/// The programme as its people write it (JSON; schema in <c>programmes/programme.schema.json</c>). Everything is
/// nullable so that a missing field is reported with its path by <see cref="ProgrammeValidator"/>, not thrown.
/// </summary>
public sealed record ProgrammeDocument(
    [property: JsonPropertyName("$schema")] string? Schema,
    string? Name,
    int? Version,
    string? TimeZone,
    string? Source,
    IReadOnlyList<IndicatorSpec?>? Indicators,
    IReadOnlyList<TargetSpec?>? Targets)
{
    /// <summary>
    /// The level where approval of a reporting period stops (a level name; absent: <c>province</c>, 省级验收): no
    /// "accepted" step is signed above it, and its approvers may accept whatever lies below it.
    /// </summary>
    public string? ApprovalStopsAt { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 16,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed record NamesSpec(string? Zh, string? En);

public sealed record NormSpec(long? Numerator, long? Denominator);

/// <param name="Scope">The unit whose subtree the indicator exists in; absent: the whole tree.</param>
/// <param name="OptionsTotal">Whether the options' sum is a meaningful total (required when there are options).</param>
public sealed record IndicatorSpec(
    string? Id,
    NamesSpec? Names,
    string? Unit,
    string? Kind,
    IReadOnlyList<string?>? SubmittedAt,
    IReadOnlyList<string?>? Options,
    bool? OptionsTotal,
    string? Numerator,
    string? Denominator,
    string? Attribute,
    double? Scale,
    NormSpec? Norm,
    string? Scope,
    string? ComputedFrom,
    IReadOnlyList<string?>? AlertOnRise,
    string? Source);

public sealed record BaselineSpec(DateOnly? Date, double? Value);

public sealed record MilestoneSpec(DateOnly? Due, double? Value);

/// <param name="Scope">The unit whose subtree the target applies to; absent: the programme's own (whole tree).</param>
public sealed record TargetSpec(
    string? Indicator,
    string? Option,
    string? Scope,
    BaselineSpec? Baseline,
    IReadOnlyList<MilestoneSpec?>? Milestones,
    string? Source);
