using System.Text.Json;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Rules;

namespace SyncKairos.Grains.Tests;

/// <summary>Valid request bodies for tests to start from and break.</summary>
internal static class Requests
{
    public const string SessionId = "11111111-2222-3333-4444-555555555555";
    public const string A = "aaaaaaaa-0000-0000-0000-000000000001";
    public const string B = "aaaaaaaa-0000-0000-0000-000000000002";

    public static CreateSessionRequest Create(string mode = SyncModes.PerParticipant) => new()
    {
        SessionId = SessionId,
        SyncMode = mode,
        TotalTimeMs = 60_000,
        TimePerCycleMs = mode == SyncModes.PerCycle ? 10_000 : null,
        Participants =
        [
            new ParticipantRequest { ParticipantId = A, ParticipantIndex = 0, TotalTimeMs = 60_000, GroupId = mode == SyncModes.PerGroup ? "bbbbbbbb-0000-0000-0000-000000000001" : null },
            new ParticipantRequest { ParticipantId = B, ParticipantIndex = 1, TotalTimeMs = 30_000, GroupId = mode == SyncModes.PerGroup ? "bbbbbbbb-0000-0000-0000-000000000002" : null },
        ],
    };

    /// <summary>The version-1 pending session of a valid request.</summary>
    public static SessionState Pending(CreateSessionRequest request, long nowMs) =>
        SessionRules.Create(request, nowMs).State ?? throw new InvalidOperationException("The request is not valid");

    public static CreateSessionRequest Parse(string json) =>
        JsonSerializer.Deserialize(json, SyncKairosJsonContext.Default.CreateSessionRequest)!;
}
