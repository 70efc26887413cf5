namespace KpiMesh.Abstractions;

[GenerateSerializer, Immutable, Alias("kpimesh.HistoryPoint")]
public sealed record HistoryPoint(DateOnly Day, long Numerator, long Denominator, int Reported);
