using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Grains;

/// <summary>One value a unit holds itself, as stored; the mapping to the domain's <see cref="OwnValue"/> lives here.</summary>
[GenerateSerializer, Alias("kpimesh.OwnValueState")]
public sealed record OwnValueState(
    [property: Id(0)] string Indicator,
    [property: Id(1)] string? Option,
    [property: Id(2)] long Numerator,
    [property: Id(3)] long Denominator,
    [property: Id(4)] string Period,
    [property: Id(5)] string? SubmissionId,
    [property: Id(6)] DateTimeOffset ReceivedAt,
    [property: Id(7)] long Sequence,
    [property: Id(8)] long? PreviousNumerator = null,
    [property: Id(9)] string? PreviousPeriod = null,
    [property: Id(10)] long PreviousSequence = 0)
{
    public RollupKey Key => new(Indicator, Option);

    public static OwnValueState From(RollupKey key, OwnValue value) => new(key.Indicator, key.Option, value.Numerator, value.Denominator,
        value.Period, value.SubmissionId, value.ReceivedAt, value.Sequence, value.Previous?.Numerator, value.Previous?.Period, value.Previous?.Sequence ?? 0);

    public OwnValue ToOwnValue() => new(Numerator, Denominator, Period, SubmissionId, Sequence, ReceivedAt,
        this is { PreviousNumerator: { } prior, PreviousPeriod: { } priorPeriod } ? new PriorValue(prior, priorPeriod, PreviousSequence) : null);
}
