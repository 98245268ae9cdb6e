using System.Text.Json;
using System.Text.Json.Nodes;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Tests;

public sealed class SessionViewUnitTests
{
    private const long T0 = 1_763_761_450_000;

    private static SessionState Running(string mode = SyncModes.PerParticipant, long delay = 0)
    {
        var request = Requests.Create(mode);
        request.DelayMs = delay;
        var state = Requests.Pending(request, T0);
        state.Status = SessionStatuses.Running;
        state.Version = 2;
        state.SessionStartedAt = T0 + 1000;
        state.CycleStartedAt = T0 + 1000;
        state.UpdatedAt = T0 + 1000;
        state.ActiveParticipantId = Requests.A;
        state.DeadlineAt = T0 + 1000 + delay + state.Participants[0].TotalTimeMs;
        return state;
    }

    private static JsonObject Json(SyncStateDto dto) => JsonNode.Parse(SyncKairosJson.Serialize(dto))!.AsObject();

    [Fact]
    public void Pending_state_has_api_shape_with_nulls_and_omissions()
    {
        var state = Requests.Pending(Requests.Create(), T0 + 123);
        var json = Json(SessionView.At(state, T0 + 5000));

        foreach (var field in new[] { "time_per_cycle_ms", "cycle_started_at", "session_started_at", "session_completed_at", "active_participant_id", "deadline_at" })
        {
            Assert.True(json.ContainsKey(field), field);
            Assert.Null(json[field]);
        }

        foreach (var field in new[] { "max_time_ms", "groups", "metadata" })
        {
            Assert.False(json.ContainsKey(field), field);
        }

        Assert.Equal(0, json["increment_ms"]!.GetValue<long>());
        Assert.Equal(0, json["delay_ms"]!.GetValue<long>());
        Assert.Equal("end_session", json["expiry_policy"]!.GetValue<string>());
        Assert.Equal("2025-11-21T21:44:10.123Z", json["created_at"]!.GetValue<string>());
        Assert.Equal(1, json["version"]!.GetValue<long>());
        var p = json["participants"]![0]!.AsObject();
        Assert.Equal(
            ["cycle_count", "has_expired", "is_active", "participant_id", "participant_index", "time_remaining_ms", "time_used_ms", "total_time_ms"],
            p.Select(kv => kv.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Active_running_participant_time_is_calculated_at_now_honouring_delay()
    {
        var state = Running(delay: 2000);
        var started = T0 + 1000;
        Assert.Equal(60_000, SessionView.At(state, started + 1500).Participants[0].TimeRemainingMs);
        Assert.Equal(60_000, SessionView.At(state, started + 2000).Participants[0].TimeRemainingMs);
        Assert.Equal(59_999, SessionView.At(state, started + 2001).Participants[0].TimeRemainingMs);
        Assert.Equal(0, SessionView.At(state, started + 62_000).Participants[0].TimeRemainingMs);
        Assert.Equal(0, SessionView.At(state, started + 99_000).Participants[0].TimeRemainingMs);
        var view = SessionView.At(state, started + 10_000);
        Assert.Equal(30_000, view.Participants[1].TimeRemainingMs);
        Assert.True(view.Participants[0].IsActive);
        Assert.False(view.Participants[1].IsActive);
        Assert.Equal(IsoTime.Format(started + 62_000), view.DeadlineAt);
    }

    [Fact]
    public void A_reader_clock_behind_the_last_commit_never_sees_time_run_backwards()
    {
        var state = Running();
        state.UpdatedAt = T0 + 5000;
        Assert.Equal(56_000, SessionView.At(state, T0).Participants[0].TimeRemainingMs);
    }

    [Fact]
    public void Paused_state_shows_stored_budget()
    {
        var state = Running();
        state.Status = SessionStatuses.Paused;
        state.CycleStartedAt = null;
        state.DeadlineAt = null;
        var view = SessionView.At(state, T0 + 50_000);
        Assert.Equal(60_000, view.Participants[0].TimeRemainingMs);
        Assert.Null(view.DeadlineAt);
    }

    [Fact]
    public void Per_group_view_shows_the_running_group_clock()
    {
        var state = Running(SyncModes.PerGroup);
        var json = Json(SessionView.At(state, T0 + 11_000));
        var groups = json["groups"]!.AsArray();
        Assert.Equal(2, groups.Count);
        Assert.Equal(50_000, groups[0]!["time_remaining_ms"]!.GetValue<long>());
        Assert.Equal(60_000, groups[1]!["time_remaining_ms"]!.GetValue<long>());
        Assert.Equal(
            ["group_id", "has_expired", "time_remaining_ms", "time_used_ms"],
            groups[0]!.AsObject().Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal("bbbbbbbb-0000-0000-0000-000000000001", json["participants"]![0]!["group_id"]!.GetValue<string>());
    }

    [Fact]
    public void Metadata_is_returned_verbatim()
    {
        var request = Requests.Create();
        request.Metadata = JsonDocument.Parse("""{"list":[],"big":12345678901234567890,"pi":3.14159265358979323846,"s":"a/b"}""").RootElement;
        var state = Requests.Pending(request, T0);
        var roundTripped = SessionState.FromJson(state.ToJson());
        var json = SyncKairosJson.Serialize(SessionView.At(roundTripped, T0));
        Assert.Contains("""
            "metadata":{"list":[],"big":12345678901234567890,"pi":3.14159265358979323846,"s":"a/b"}
            """.Trim(), json, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_result_omits_expired_participant_when_nobody_expired()
    {
        var state = Running();
        var json = JsonNode.Parse(SyncKairosJson.Serialize(SessionView.SwitchResult(state, null, T0 + 2000)))!.AsObject();
        Assert.False(json.ContainsKey("expired_participant_id"));
        Assert.Equal(
            ["active_participant_id", "cycle_started_at", "participants", "session_id", "status", "version"],
            json.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        json = JsonNode.Parse(SyncKairosJson.Serialize(SessionView.SwitchResult(state, Requests.A, T0 + 2000)))!.AsObject();
        Assert.Equal(Requests.A, json["expired_participant_id"]!.GetValue<string>());
    }
}
