using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Rules;
using static SyncKairos.Grains.Tests.Rules.Sessions;

namespace SyncKairos.Grains.Tests.Rules;

/// <summary>One audit event as the grain would write it from a transition.</summary>
internal sealed record AuditRecord(string EventType, long Version, long At, string? Actor);

/// <summary>
/// Plays the grain's part for the rule tests: keeps the committed state, applies each rule to it, checks that
/// the rule left its input alone, and keeps the audit events a grain would write.
/// </summary>
internal sealed class SessionDriver
{
    public SessionDriver(CreateSessionRequest request, long nowMs = T0)
    {
        var created = SessionRules.Create(request, nowMs);
        State = created.Committed();
        Events.Add(new AuditRecord(created.EventType!, State.Version, State.UpdatedAt, created.Actor));
    }

    public SessionState State { get; private set; }

    public string Id => State.SessionId;

    public List<AuditRecord> Events { get; } = [];

    public static SessionDriver Create(
        string mode = SyncModes.PerParticipant, int participants = 2, long budget = 60_000, Action<CreateSessionRequest>? configure = null)
    {
        var request = Request(mode, Ids(participants), budget);
        configure?.Invoke(request);
        return new SessionDriver(request);
    }

    public string P(int index) => State.Participants[index].ParticipantId;

    public Transition Apply(Func<SessionState, Transition> rule)
    {
        var input = State;
        var before = input.ToJson();
        var t = rule(input);
        Assert.Equal(before, input.ToJson());
        if (t.State is { } next)
        {
            Assert.NotSame(input, next);
            if (t.EventType == AuditEventTypes.SessionDeleted)
            {
                Events.Add(new AuditRecord(t.EventType, next.Version + 1, next.UpdatedAt, t.Actor));
            }
            else
            {
                Assert.Equal(input.Version + 1, next.Version);
                Events.Add(new AuditRecord(t.EventType!, next.Version, next.UpdatedAt, t.Actor));
                State = next;
            }
        }

        return t;
    }

    public SessionState Start(long at) => Apply(s => SessionRules.Start(s, at)).Committed();

    public Transition Switch(long at, SwitchRequest? request = null) => Apply(s => SessionRules.Switch(s, request ?? new SwitchRequest(), at));

    public SessionState Switched(long at, SwitchRequest? request = null) => Switch(at, request).Committed();

    public SessionState Pause(long at) => Apply(s => SessionRules.Pause(s, at)).Committed();

    public SessionState Resume(long at) => Apply(s => SessionRules.Resume(s, at)).Committed();

    public Transition Complete(long at) => Apply(s => SessionRules.Complete(s, at));

    public Transition Expire(long at) => Apply(s => SessionRules.Expire(s, at));

    public SessionState Expired(long at) => Expire(at).Committed();

    public Transition Delete(long at) => Apply(s => SessionRules.Delete(s, at));
}
