using KpiMesh.Abstractions;
using KpiMesh.Domain.Assessment;
using KpiMesh.Domain.Scorecards;
using Orleans.Core;

namespace KpiMesh.Grains;

/// <summary>
/// Holds one application and takes its steps one at a time (a grain runs one call at a time, so two assessors cannot
/// both decide). Every rule is the domain's <see cref="ApplicationWorkflow"/>; who may ask was checked at the gateway.
/// </summary>
public sealed class ApplicationGrain(ScorecardCatalog rubrics, SiloUnitDirectory directory, TimeProvider clock) : Grain, IApplicationGrain
{
    private IStorage<ApplicationState> _state = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _state = await StoredState.ReadAsync<ApplicationState>(this, "application");

    public async Task<ApplicationOutcome> Do(ApplicationCommand command)
    {
        var key = this.GetPrimaryKeyString().Split('/');
        if (rubrics.Find(key[1]) is not { } rubric || await directory.FindAsync(key[0]) is not { } unit || !int.TryParse(key[2], out var year))
            return Refused("not_found", $"unknown unit or scorecard in {this.GetPrimaryKeyString()}");
        var now = clock.GetUtcNow();
        var app = _state.State.Application is { } held ? ApplicationMapping.ToDomain(held) : null;
        if (app is null)
        {
            // An application opens with its first self-check; nothing else can come first.
            if (command.Action != "self_check") return Refused("wrong_stage", "there is no application yet: the unit starts with a self-check");
            var opened = ApplicationWorkflow.Start(rubric, unit, year, command.By, now);
            if (opened.Next is null) return Refused(opened.Refusal!);
            app = opened.Next;
        }
        var result = Take(app, rubric, command, now);
        if (result.Next is not { } next) return Refused(result.Refusal!);
        _state.State.Application = ApplicationMapping.ToRecord(next, (_state.State.Application?.Version ?? 0) + 1);
        await _state.WriteStateAsync();
        return new ApplicationOutcome(_state.State.Application, null, null, []);
    }

    public Task<ApplicationRecord?> Get() => Task.FromResult(_state.State.Application);

    private static WorkflowResult Take(AssessmentApplication app, IScorecardRubric rubric, ApplicationCommand c, DateTimeOffset now) => c.Action switch
    {
        "self_check" => ApplicationWorkflow.SelfCheck(app, rubric, ApplicationMapping.Input(c.Marks, c.ConfidentialityBreach), c.Texts ?? [], c.By, now),
        "apply" => ApplicationWorkflow.Apply(app, rubric, c.By, now),
        "review" => ApplicationWorkflow.StartReview(app, c.By, now),
        "return" => ApplicationWorkflow.Return(app, c.Texts ?? [], c.By, now),
        "assess" => ApplicationWorkflow.Assess(app, rubric, ApplicationMapping.Input(c.Marks, c.ConfidentialityBreach), c.By, now),
        "name" => ApplicationWorkflow.Decide(app, rubric, Decision.Named, null, c.Texts ?? [], c.By, now),
        "not_name" => ApplicationWorkflow.Decide(app, rubric, Decision.NotNamed, null, c.Texts ?? [], c.By, now),
        "rectify" => ApplicationWorkflow.Decide(app, rubric, Decision.Rectify, c.RectifyBy, c.Texts ?? [], c.By, now),
        _ => WorkflowResult.Refuse(RefusalKind.Invalid, $"unknown step '{c.Action}'"),
    };

    private static ApplicationOutcome Refused(WorkflowRefusal refusal) =>
        new(null, ApplicationMapping.WireName(refusal.Kind), refusal.Detail, refusal.Missing.ToArray());

    private static ApplicationOutcome Refused(string kind, string detail) => new(null, kind, detail, []);
}

/// <summary>Holds one line per application of a rubric, for lists by stage and the named sites.</summary>
public sealed class ApplicationIndexGrain : Grain, IApplicationIndexGrain
{
    private IStorage<ApplicationIndexState> _state = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _state = await StoredState.ReadAsync<ApplicationIndexState>(this, "applications");

    public async Task Keep(ApplicationLine line)
    {
        var key = $"{line.Unit}/{line.Year}";
        if (_state.State.Lines.TryGetValue(key, out var held) && held.Version >= line.Version) return;
        _state.State.Lines[key] = line;
        await _state.WriteStateAsync();
    }

    public Task<ApplicationLine[]> List() => Task.FromResult(_state.State.Lines.Values.ToArray());
}
