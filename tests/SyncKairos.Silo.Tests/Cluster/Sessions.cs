using System.Text.Json;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Silo.Tests.Cluster;

/// <summary>Request builders: every test its own session ids.</summary>
internal static class Sessions
{
    public static CreateSessionRequest TwoPlayers(string? id = null, long budgetMs = 60_000) => new()
    {
        SessionId = id ?? Guid.NewGuid().ToString(),
        SyncMode = SyncModes.PerParticipant,
        TotalTimeMs = budgetMs * 2,
        Participants =
        [
            new ParticipantRequest { ParticipantId = Guid.NewGuid().ToString(), ParticipantIndex = 0, TotalTimeMs = budgetMs },
            new ParticipantRequest { ParticipantId = Guid.NewGuid().ToString(), ParticipantIndex = 1, TotalTimeMs = budgetMs },
        ],
        Metadata = JsonDocument.Parse("""{"table":"7"}""").RootElement.Clone(),
    };
}
