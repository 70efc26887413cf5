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
public sealed record ItemMarkRecord(string Item, string? Grade, decimal? Points);

[GenerateSerializer, Immutable, Alias("kpimesh.ApplicationStepRecord")]
public sealed record ApplicationStepRecord(string Action, string Stage, string By, DateTimeOffset At, string? Note);

/// <summary>What a step asks: <see cref="Action"/> is self_check, apply, review, return, assess, name, not_name or rectify.</summary>
/// <param name="Texts">Materials for self_check; reasons for return, rectify and not_name.</param>
[GenerateSerializer, Immutable, Alias("kpimesh.ApplicationCommand")]
public sealed record ApplicationCommand(
    string Action, string By, ItemMarkRecord[]? Marks, bool? ConfidentialityBreach, string[]? Texts, DateOnly? RectifyBy);

[GenerateSerializer, Immutable, Alias("kpimesh.ApplicationRecord")]
public sealed record ApplicationRecord(
    string Unit, string Rubric, int Year, string Stage, ItemMarkRecord[] Self, bool? SelfBreach, string[] Materials,
    ItemMarkRecord[]? OnSite, bool? OnSiteBreach, string? Assessor, int Assessments, string[] Reasons,
    DateOnly? RectifyBy, DateOnly? NamedOn, ApplicationStepRecord[] Steps, long Version);

/// <summary>The step's result, or why it was refused (kind: wrong_stage, incomplete, invalid, not_eligible, deadline_passed, not_found).</summary>
[GenerateSerializer, Immutable, Alias("kpimesh.ApplicationOutcome")]
public sealed record ApplicationOutcome(
    ApplicationRecord? Application, string? Refusal, string? Detail, string[] Missing);

[GenerateSerializer, Immutable, Alias("kpimesh.ApplicationLine")]
public sealed record ApplicationLine(
    string Unit, int Year, string Stage, decimal? SelfTotal, decimal? OnSiteTotal, DateOnly? RectifyBy,
    DateOnly? NamedOn, long Version);
