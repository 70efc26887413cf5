namespace KpiMesh.Abstractions;

/// <summary>
/// One unit's application under one rubric for one year (key "{unit}/{rubric}/{year}"): the single writer of its stage,
/// its self-check and its on-site card. The domain decides every step; the gateway rolls the result up.
/// </summary>
public interface IApplicationGrain : IGrainWithStringKey
{
    Task<ApplicationOutcome> Do(ApplicationCommand command);

    Task<ApplicationRecord?> Get();

    static string KeyOf(string unit, string rubric, int year) => $"{unit}/{rubric}/{year}";
}

/// <summary>
/// Every application of one rubric, one line each (key: the rubric id), so a level can list its applications by stage
/// and its named sites with their dates. Applications are few (one per unit that applies), so one grain holds them.
/// </summary>
public interface IApplicationIndexGrain : IGrainWithStringKey
{
    /// <summary>Keeps the line unless the one held for the same application has a later version.</summary>
    Task Keep(ApplicationLine line);

    Task<ApplicationLine[]> List();
}

[GenerateSerializer, Immutable, Alias("kpimesh.ItemMarkRecord")]
public sealed record ItemMarkRecord([property: Id(0)] string Item, [property: Id(1)] string? Grade, [property: Id(2)] decimal? Points);

[GenerateSerializer, Immutable, Alias("kpimesh.ApplicationStepRecord")]
public sealed record ApplicationStepRecord(
    [property: Id(0)] string Action, [property: Id(1)] string Stage, [property: Id(2)] string By, [property: Id(3)] DateTimeOffset At, [property: Id(4)] string? Note);

/// <summary>What a step asks: <see cref="Action"/> is self_check, apply, review, return, assess, name, not_name or rectify.</summary>
/// <param name="Texts">Materials for self_check; reasons for return, rectify and not_name.</param>
[GenerateSerializer, Immutable, Alias("kpimesh.ApplicationCommand")]
public sealed record ApplicationCommand(
    [property: Id(0)] string Action,
    [property: Id(1)] string By,
    [property: Id(2)] ItemMarkRecord[]? Marks,
    [property: Id(3)] bool? ConfidentialityBreach,
    [property: Id(4)] string[]? Texts,
    [property: Id(5)] DateOnly? RectifyBy);

[GenerateSerializer, Immutable, Alias("kpimesh.ApplicationRecord")]
public sealed record ApplicationRecord(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Rubric,
    [property: Id(2)] int Year,
    [property: Id(3)] string Stage,
    [property: Id(4)] ItemMarkRecord[] Self,
    [property: Id(5)] bool? SelfBreach,
    [property: Id(6)] string[] Materials,
    [property: Id(7)] ItemMarkRecord[]? OnSite,
    [property: Id(8)] bool? OnSiteBreach,
    [property: Id(9)] string? Assessor,
    [property: Id(10)] int Assessments,
    [property: Id(11)] string[] Reasons,
    [property: Id(12)] DateOnly? RectifyBy,
    [property: Id(13)] DateOnly? NamedOn,
    [property: Id(14)] ApplicationStepRecord[] Steps,
    [property: Id(15)] long Version);

/// <summary>The step's result, or why it was refused (kind: wrong_stage, incomplete, invalid, not_eligible, deadline_passed, not_found).</summary>
[GenerateSerializer, Immutable, Alias("kpimesh.ApplicationOutcome")]
public sealed record ApplicationOutcome(
    [property: Id(0)] ApplicationRecord? Application, [property: Id(1)] string? Refusal, [property: Id(2)] string? Detail, [property: Id(3)] string[] Missing);

[GenerateSerializer, Immutable, Alias("kpimesh.ApplicationLine")]
public sealed record ApplicationLine(
    [property: Id(0)] string Unit,
    [property: Id(1)] int Year,
    [property: Id(2)] string Stage,
    [property: Id(3)] decimal? SelfTotal,
    [property: Id(4)] decimal? OnSiteTotal,
    [property: Id(5)] DateOnly? RectifyBy,
    [property: Id(6)] DateOnly? NamedOn,
    [property: Id(7)] long Version);
