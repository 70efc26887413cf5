using KpiMesh.Domain.Targets;

namespace KpiMesh.Abstractions;

[GenerateSerializer, Immutable, Alias("kpimesh.MilestoneData")]
public sealed record MilestoneData([property: Id(0)] DateOnly Due, [property: Id(1)] double Value);

[GenerateSerializer, Immutable, Alias("kpimesh.ChosenTarget")]
public sealed record ChosenTarget(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Indicator,
    [property: Id(2)] string? Option,
    [property: Id(3)] DateOnly BaselineDate,
    [property: Id(4)] double BaselineValue,
    [property: Id(5)] MilestoneData[] Milestones,
    [property: Id(6)] string Source)
{
    public TargetSchedule ToSchedule() =>
        new(Indicator, Option, BaselineDate, BaselineValue, Milestones.Select(m => new Milestone(m.Due, m.Value)).ToList(), Source);

    public static ChosenTarget From(string unit, TargetSchedule schedule) => new(unit, schedule.Indicator, schedule.Option,
        schedule.BaselineDate, schedule.BaselineValue, schedule.Milestones.Select(m => new MilestoneData(m.Due, m.Value)).ToArray(), schedule.Source);

    public static TargetBook ToBook(IEnumerable<ChosenTarget> chosen) =>
        new(chosen.GroupBy(c => c.Unit).ToDictionary(g => g.Key, g => (IReadOnlyList<TargetSchedule>)g.Select(c => c.ToSchedule()).ToList(), StringComparer.Ordinal));
}

[GenerateSerializer, Immutable, Alias("kpimesh.TargetsSnapshot")]
public sealed record TargetsSnapshot([property: Id(0)] int Version, [property: Id(1)] ChosenTarget[] Chosen);

/// <summary>The single writer of self-chosen targets (key <see cref="Key"/>): few, read everywhere, changed rarely.</summary>
[Alias("kpimesh.ITargetsGrain")]
public interface ITargetsGrain : IGrainWithStringKey
{
    public const string Key = "targets";

    /// <summary>Stores a unit's choice if it is no laxer than what the unit inherits; returns why not, otherwise null.</summary>
    /// <param name="ancestorsNearestFirst">The unit's parent, grandparent... up to the root.</param>
    [Alias("Choose")]
    Task<string?> Choose(ChosenTarget target, string[] ancestorsNearestFirst);

    [Alias("GetAll")]
    Task<TargetsSnapshot> GetAll();
}
