using KpiMesh.Domain.Rollups;
using KpiMesh.Domain.Submissions;

namespace KpiMesh.Grains;

/// <summary>One value a unit holds itself, as stored; the mapping to the domain's <see cref="OwnValue"/> lives here.</summary>
[GenerateSerializer, Alias("kpimesh.OwnValueState")]
public sealed record OwnValueState(
    string Indicator, string? Option, long Numerator, long Denominator, string Period, string? SubmissionId,
    DateTimeOffset ReceivedAt, long Sequence, long? PreviousNumerator = null, string? PreviousPeriod = null,
    long PreviousSequence = 0)
{
    public RollupKey Key => new(Indicator, Option);

    public static OwnValueState From(RollupKey key, OwnValue value) => new(key.Indicator, key.Option, value.Numerator, value.Denominator,
        value.Period, value.SubmissionId, value.ReceivedAt, value.Sequence, value.Previous?.Numerator, value.Previous?.Period, value.Previous?.Sequence ?? 0);

    public OwnValue ToOwnValue() => new(Numerator, Denominator, Period, SubmissionId, Sequence, ReceivedAt,
        this is { PreviousNumerator: { } prior, PreviousPeriod: { } priorPeriod } ? new PriorValue(prior, priorPeriod, PreviousSequence) : null);
}
