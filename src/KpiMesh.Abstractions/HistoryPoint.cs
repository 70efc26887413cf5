namespace KpiMesh.Abstractions;

[GenerateSerializer, Immutable, Alias("kpimesh.HistoryPoint")]
public sealed record HistoryPoint(
    [property: Id(0)] DateOnly Day, [property: Id(1)] long Numerator, [property: Id(2)] long Denominator, [property: Id(3)] int Reported);
