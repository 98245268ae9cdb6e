using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Rules;
using static SyncKairos.Grains.Tests.Rules.Sessions;

namespace SyncKairos.Grains.Tests.Rules.Properties;

/// <summary>One rule application: the state it was given (and its JSON then), the command, and what the rule decided.</summary>
public sealed record TraceStep(SessionState Input, string InputJson, CommandKind Kind, long Now, SwitchRequest? Request, Transition Result)
{
    /// <summary>A new version was decided (not a refusal, not nothing-to-do, not a delete).</summary>
    public bool Commits => Result.State is not null && Kind != CommandKind.Delete;

    public override string ToString() => $"{Kind}@{Now - T0}";
}

/// <summary>A scenario played through <see cref="SessionRules"/> the way the grain does: each committed state is the next input.</summary>
public sealed class Trace
{
    private Trace(Scenario scenario, SessionState created, List<TraceStep> steps)
    {
        Scenario = scenario;
        Created = created;
        Steps = steps;
    }

    public Scenario Scenario { get; }

    public SessionState Created { get; }

    public IReadOnlyList<TraceStep> Steps { get; }

    public string[] Ids => Created.Participants.Select(p => p.ParticipantId).ToArray();

    public static Trace Play(Scenario scenario)
    {
        var ids = Enumerable.Range(0, scenario.Participants).Select(i => $"aaaaaaaa-0000-0000-0000-{i:D12}").ToArray();
        string[] groupIds = ["bbbbbbbb-0000-0000-0000-000000000000", "bbbbbbbb-0000-0000-0000-000000000001"];
        var request = Request(scenario.Mode, ids, scenario.Budget, scenario.Groups.Select(g => groupIds[g]).ToArray());
        request.DelayMs = scenario.Delay;
        request.IncrementMs = scenario.Increment;
        request.ExpiryPolicy = scenario.Policy;
        request.MaxTimeMs = scenario.MaxTime;
        var created = SessionRules.Create(request, T0).State ?? throw new InvalidOperationException("invalid scenario");
        var state = created;
        var now = T0;
        var steps = new List<TraceStep>();
        foreach (var step in scenario.Steps)
        {
            now += step.Advance;
            SwitchRequest? switchRequest = step.Kind == CommandKind.Switch
                ? new SwitchRequest
                {
                    NextParticipantId = step.Next switch { < 0 => null, 9 => "cccccccc-0000-0000-0000-000000000000", var i => ids[i] },
                    ExpectedActiveParticipantId = step.Expected < 0 ? null : ids[step.Expected],
                }
                : null;
            var json = state.ToJson();
            var at = now;
            var result = step.Kind switch
            {
                CommandKind.Start => SessionRules.Start(state, at),
                CommandKind.Switch => SessionRules.Switch(state, switchRequest!, at),
                CommandKind.Pause => SessionRules.Pause(state, at),
                CommandKind.Resume => SessionRules.Resume(state, at),
                CommandKind.Complete => SessionRules.Complete(state, at),
                CommandKind.Expire => SessionRules.Expire(state, at),
                _ => SessionRules.Delete(state, at),
            };
            var traced = new TraceStep(state, json, step.Kind, now, switchRequest, result);
            steps.Add(traced);
            if (traced.Commits)
            {
                state = result.State!;
            }
        }

        return new Trace(scenario, created, steps);
    }

    /// <summary>Every committed state, the created one first.</summary>
    public IEnumerable<SessionState> States => Steps.Where(s => s.Commits).Select(s => s.Result.State!).Prepend(Created);

    public string Where(TraceStep step) => $"at step {Steps.ToList().IndexOf(step)} ({step}) of [{string.Join("; ", Steps)}]";
}
