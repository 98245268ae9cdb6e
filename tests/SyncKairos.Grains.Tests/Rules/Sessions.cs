using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Rules;

namespace SyncKairos.Grains.Tests.Rules;

/// <summary>Request builders with explicit times, and assertions on transitions.</summary>
internal static class Sessions
{
    /// <summary>A fixed base instant (2025-11-21T21:44:10Z); tests pass times relative to it.</summary>
    public const long T0 = 1_763_761_450_000;

    public static string NewId() => Guid.NewGuid().ToString();

    public static string[] Ids(int count) => Enumerable.Range(0, count).Select(_ => NewId()).ToArray();

    public static CreateSessionRequest Request(string mode, string[] participants, long budget = 60_000, string[]? groups = null) => new()
    {
        SessionId = NewId(),
        SyncMode = mode,
        TotalTimeMs = budget,
        TimePerCycleMs = mode == SyncModes.PerCycle ? budget : null,
        Participants = participants.Select((p, i) => (ParticipantRequest?)new ParticipantRequest
        {
            ParticipantId = p,
            ParticipantIndex = i,
            TotalTimeMs = budget,
            GroupId = groups?[i] ?? (mode == SyncModes.PerGroup ? participants[0] : null),
        }).ToList(),
    };

    public static ParticipantState Participant(this SessionState state, string id) =>
        state.Participants.Single(p => p.ParticipantId == id);

    public static SessionState Committed(this Transition t)
    {
        Assert.Null(t.Error);
        Assert.NotNull(t.State);
        Assert.NotNull(t.EventType);
        return t.State;
    }

    public static SessionError Refused(this Transition t, string code)
    {
        Assert.NotNull(t.Error);
        Assert.Equal(code, t.Error.Code);
        Assert.Null(t.State);
        Assert.Null(t.EventType);
        return t.Error;
    }
}
