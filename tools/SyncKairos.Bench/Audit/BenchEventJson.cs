using System.Globalization;

namespace SyncKairos.Bench.Audit;

/// <summary>Audit entries in the session scripts' format (ADR 0004), sized like a real two-player session.</summary>
internal static class BenchEventJson
{
    private const long BaseMs = 1_763_761_450_000;

    public static string Create(Guid sessionId, long version, (string A, string B) players)
    {
        var at = BaseMs + version * 1000;
        var activeIsA = version % 2 == 0;
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"event_id":"{{sessionId}}:{{version}}","session_id":"{{sessionId}}","version":{{version}},"event_type":"cycle_switched","at":{{at}},"actor":"{{(activeIsA ? players.B : players.A)}}","state":{"session_id":"{{sessionId}}","sync_mode":"per_participant","status":"running","version":{{version}},"participants":[{"participant_id":"{{players.A}}","participant_index":0,"total_time_ms":{{600000 - version * 50}},"time_used_ms":{{version * 50}},"cycle_count":{{version / 2}},"has_expired":false},{"participant_id":"{{players.B}}","participant_index":1,"total_time_ms":{{600000 - version * 50}},"time_used_ms":{{version * 50}},"cycle_count":{{version / 2}},"has_expired":false}],"active_participant_id":"{{(activeIsA ? players.A : players.B)}}","total_time_ms":600000,"increment_ms":2000,"delay_ms":0,"expiry_policy":"end_session","created_at":{{BaseMs}},"updated_at":{{at}},"cycle_started_at":{{at}},"session_started_at":{{BaseMs + 1000}},"deadline_at":{{at + 600000}},"paused_total_ms":0,"metadata_json":"{\"table\":7}""") + "\"}}";
    }
}
