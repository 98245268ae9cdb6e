using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Tests;

public sealed class SessionStateUnitTests
{
    [Fact]
    public void Decodes_script_output_in_any_key_order_with_escaped_metadata()
    {
        const string lua = """
            {"metadata_json":"{\"a\":[],\"u\":\"x\/y\"}","delay_ms":500,"deadline_at":1763761531500,"session_started_at":1763761451000,
             "status":"running","sync_mode":"per_participant","cycle_started_at":1763761471500,
             "participants":[{"cycle_count":1,"time_used_ms":9500,"participant_index":0,"total_time_ms":52500,"participant_id":"aaaaaaaa-0000-0000-0000-000000000001","has_expired":false}],
             "created_at":1763761450000,"updated_at":1763761472000,"increment_ms":2000,"version":5,"expiry_policy":"end_session",
             "active_participant_id":"aaaaaaaa-0000-0000-0000-000000000001","total_time_ms":60000,"session_id":"11111111-1111-1111-1111-111111111111","paused_total_ms":10000}
            """;
        var state = SessionState.FromJson(lua);
        Assert.Equal(5, state.Version);
        Assert.Equal("""{"a":[],"u":"x/y"}""", state.MetadataJson);
        Assert.Equal(1763761531500, state.DeadlineAt);
        Assert.Null(state.SessionCompletedAt);
        Assert.Equal(52500, state.Participants[0].TotalTimeMs);
        Assert.Equal(10000, state.PausedTotalMs);
    }

    [Fact]
    public void Encodes_unset_fields_as_absent()
    {
        var json = Requests.Pending(Requests.Create(), 1_763_761_450_000).ToJson();
        foreach (var absent in new[] { "active_participant_id", "cycle_started_at", "deadline_at", "groups", "metadata_json", "max_time_ms", "paused_at", "group_id", "null" })
        {
            Assert.DoesNotContain($"\"{absent}\"", json, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
    }
}
