using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Redis.Tests.Sessions;

/// <summary>Request builders with explicit times for the session suites.</summary>
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
            GroupId = groups?[i],
        }).ToList(),
    };

    public static ParticipantState Participant(this SessionState state, string id) =>
        state.Participants.Single(p => p.ParticipantId == id);
}
