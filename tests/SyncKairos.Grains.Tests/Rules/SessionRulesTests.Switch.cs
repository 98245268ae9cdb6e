using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Rules;
using static SyncKairos.Grains.Tests.Rules.Sessions;

namespace SyncKairos.Grains.Tests.Rules;

/// <summary>Switch: its guards, and each mode's arithmetic on switch.</summary>
public sealed partial class SessionRulesTests
{
    [Fact]
    public void Per_participant_charges_elapsed_minus_delay_then_adds_increment()
    {
        var d = SessionDriver.Create(configure: r =>
        {
            r.IncrementMs = 2000;
            r.DelayMs = 500;
            r.Participants![1]!.TotalTimeMs = 30_000;
        });
        d.Start(T0);
        var t = d.Switch(T0 + 10_000);
        var s = t.Committed();
        Assert.Equal(AuditEventTypes.CycleSwitched, t.EventType);
        Assert.Equal(d.P(0), t.Actor);
        Assert.Equal(60_000 - 9_500 + 2_000, s.Participant(d.P(0)).TotalTimeMs);
        Assert.Equal(9_500, s.Participant(d.P(0)).TimeUsedMs);
        Assert.Equal(1, s.Participant(d.P(0)).CycleCount);
        Assert.Equal(d.P(1), s.ActiveParticipantId);
        Assert.Equal(T0 + 10_000, s.CycleStartedAt);
        Assert.Equal(T0 + 10_000, s.UpdatedAt);
        Assert.Equal(T0 + 10_000 + 500 + 30_000, s.DeadlineAt);

        // A switch inside the delay charges nothing but still earns the increment.
        s = d.Switched(T0 + 10_400);
        Assert.Equal(32_000, s.Participant(d.P(1)).TotalTimeMs);
        Assert.Equal(0, s.Participant(d.P(1)).TimeUsedMs);
        Assert.Equal(d.P(0), s.ActiveParticipantId);
    }

    [Fact]
    public void Per_cycle_gives_every_turn_a_fresh_budget()
    {
        var d = SessionDriver.Create(SyncModes.PerCycle, configure: r => r.TimePerCycleMs = 10_000);
        var started = d.Start(T0);
        Assert.Equal(ExpiryPolicies.NextParticipant, started.ExpiryPolicy);
        Assert.Equal(T0 + 10_000, started.DeadlineAt);

        var s = d.Switched(T0 + 4_000);
        Assert.Equal(10_000, s.Participant(d.P(0)).TotalTimeMs);
        Assert.Equal(4_000, s.Participant(d.P(0)).TimeUsedMs);
        Assert.Equal(10_000, s.Participant(d.P(1)).TotalTimeMs);
        Assert.Equal(T0 + 14_000, s.DeadlineAt);
    }

    [Fact]
    public void Per_group_charges_the_group_clock_and_increments_only_when_the_clock_changes_group()
    {
        var ids = Ids(3);
        string[] groups = [NewId(), NewId()];
        var request = Request(SyncModes.PerGroup, ids, groups: [groups[0], groups[0], groups[1]]);
        request.IncrementMs = 1000;
        var d = new SessionDriver(request);
        d.Start(T0);

        var s = d.Switched(T0 + 5_000);
        Assert.Equal(55_000, s.Groups![0].TotalTimeMs);
        Assert.All(s.Participants.Take(2), x => Assert.Equal(55_000, x.TotalTimeMs));
        Assert.Equal(60_000, s.Participant(ids[2]).TotalTimeMs);

        s = d.Switched(T0 + 8_000);
        Assert.Equal(53_000, s.Groups![0].TotalTimeMs);
        Assert.Equal(8_000, s.Groups[0].TimeUsedMs);
        Assert.All(s.Participants.Take(2), x => Assert.Equal(53_000, x.TotalTimeMs));
        Assert.Equal(3_000, s.Participant(ids[1]).TimeUsedMs);
        Assert.Equal(ids[2], s.ActiveParticipantId);
        Assert.Equal(T0 + 68_000, s.DeadlineAt);
        var view = SessionView.At(s, T0 + 18_000);
        Assert.Equal(50_000, view.Groups![1].TimeRemainingMs);
        Assert.Equal(53_000, view.Groups[0].TimeRemainingMs);

        var t = d.Expire(T0 + 68_000);
        var expired = t.Committed();
        Assert.Equal(SessionStatuses.Expired, expired.Status);
        Assert.Equal(ids[2], t.ExpiredParticipantId);
        Assert.True(expired.Groups![1].HasExpired);
        Assert.False(expired.Groups[0].HasExpired);
        Assert.True(expired.Participant(ids[2]).HasExpired);
        Assert.False(expired.Participant(ids[0]).HasExpired);
    }

    [Fact]
    public void Per_group_expiry_marks_every_member_of_the_group()
    {
        var ids = Ids(3);
        var g = NewId();
        var request = Request(SyncModes.PerGroup, ids, budget: 1000, groups: [g, g, NewId()]);
        request.ExpiryPolicy = ExpiryPolicies.NextParticipant;
        var d = new SessionDriver(request);
        d.Start(T0);
        var t = d.Expire(T0 + 1000);
        var s = t.Committed();
        Assert.Equal(AuditEventTypes.ParticipantExpired, t.EventType);
        Assert.True(s.Participant(ids[0]).HasExpired);
        Assert.True(s.Participant(ids[1]).HasExpired);
        Assert.Equal(0, s.Participant(ids[1]).TotalTimeMs);
        Assert.Equal(ids[2], s.ActiveParticipantId);
        Assert.Equal(T0 + 2000, s.DeadlineAt);
    }

    [Fact]
    public void Global_clock_is_shared_and_keeps_charging_across_switches()
    {
        var d = SessionDriver.Create(SyncModes.Global, participants: 3, configure: r => r.IncrementMs = 0);
        d.Start(T0);
        var s = d.Switched(T0 + 10_000);
        Assert.All(s.Participants, x => Assert.Equal(50_000, x.TotalTimeMs));
        s = d.Switched(T0 + 15_000);
        Assert.All(s.Participants, x => Assert.Equal(45_000, x.TotalTimeMs));
        Assert.Equal([10_000L, 5_000, 0], s.Participants.Select(x => x.TimeUsedMs));
        Assert.Equal(T0 + 60_000, s.DeadlineAt);

        var expired = d.Expired(T0 + 60_000);
        Assert.Equal(SessionStatuses.Expired, expired.Status);
        Assert.All(expired.Participants, x => Assert.True(x.HasExpired));
    }

    [Fact]
    public void Global_increment_goes_to_the_shared_clock()
    {
        var d = SessionDriver.Create(SyncModes.Global, configure: r => r.IncrementMs = 1000);
        d.Start(T0);
        var s = d.Switched(T0 + 10_000);
        Assert.All(s.Participants, x => Assert.Equal(51_000, x.TotalTimeMs));
    }

    [Fact]
    public void Count_up_grows_time_used_up_to_the_cap()
    {
        var d = SessionDriver.Create(SyncModes.CountUp, configure: r =>
        {
            r.MaxTimeMs = 5_000;
            r.IncrementMs = 1000;
        });
        d.Start(T0);
        Assert.Equal(T0 + 5_000, d.State.DeadlineAt);
        var s = d.Switched(T0 + 2_000);
        Assert.Equal(2_000, s.Participant(d.P(0)).TimeUsedMs);
        Assert.Equal(3_000, s.Participant(d.P(0)).TotalTimeMs);
        Assert.Equal(1, s.Participant(d.P(0)).CycleCount);
        Assert.Equal(T0 + 7_000, s.DeadlineAt);
        s = d.Switched(T0 + 3_000);
        Assert.Equal(d.P(0), s.ActiveParticipantId);
        Assert.Equal(T0 + 6_000, s.DeadlineAt);

        var expired = d.Expired(T0 + 6_000);
        Assert.Equal(SessionStatuses.Expired, expired.Status);
        Assert.Equal(5_000, expired.Participant(d.P(0)).TimeUsedMs);
        Assert.True(expired.Participant(d.P(0)).HasExpired);
    }

    [Fact]
    public void A_switch_after_the_clock_ran_out_reports_the_expired_participant()
    {
        var d = SessionDriver.Create(budget: 1000);
        d.Start(T0);
        var t = d.Switch(T0 + 1500);
        Assert.Equal(d.P(0), t.ExpiredParticipantId);
        Assert.Equal(AuditEventTypes.SessionExpired, t.EventType);
        Assert.Equal(d.P(0), t.Actor);
        var s = t.Committed();
        Assert.Equal(SessionStatuses.Expired, s.Status);
        Assert.Equal(0, s.Participant(d.P(0)).TotalTimeMs);
        Assert.Equal(1000, s.Participant(d.P(0)).TimeUsedMs);
        Assert.Null(s.CycleStartedAt);
        Assert.Null(s.DeadlineAt);
        Assert.Equal(T0 + 1500, s.UpdatedAt);
    }

    [Fact]
    public void Next_participant_policy_skips_expired_participants()
    {
        var d = SessionDriver.Create(participants: 3, budget: 1000, configure: r => r.ExpiryPolicy = ExpiryPolicies.NextParticipant);
        d.Start(T0);
        Assert.Equal(d.P(1), d.Expired(T0 + 1000).ActiveParticipantId);
        Assert.Equal(d.P(2), d.Switched(T0 + 1500).ActiveParticipantId);
        Assert.Equal(d.P(1), d.Switched(T0 + 1600).ActiveParticipantId);

        // A switch that finds the clock at zero names who expired and passes the turn as of the
        // instant the clock hit zero (T0 + 1600 + the 500 ms left), exactly as the expiry would have.
        var t = d.Switch(T0 + 5000);
        Assert.Equal(d.P(1), t.ExpiredParticipantId);
        Assert.Equal(AuditEventTypes.CycleSwitched, t.EventType);
        var s = t.Committed();
        Assert.Equal(d.P(2), s.ActiveParticipantId);
        Assert.Equal(SessionStatuses.Running, s.Status);
        Assert.Equal(T0 + 2100, s.CycleStartedAt);
        Assert.Equal(T0 + 5000, s.UpdatedAt);
        Assert.Equal(2, s.Participant(d.P(1)).CycleCount);

        var error = d.Switch(T0 + 5001, new SwitchRequest { NextParticipantId = d.P(0) }).Refused(ErrorCodes.VALIDATION_ERROR);
        Assert.Equal("Request validation failed", error.Message);
        Assert.Equal(new FieldError("next_participant_id", $"Participant {d.P(0)} has expired", FieldErrorCodes.Custom), Assert.Single(error.Details!));
    }

    [Fact]
    public void When_the_last_one_standing_runs_out_on_a_switch_the_session_expires()
    {
        var d = SessionDriver.Create(participants: 1, budget: 1000, configure: r => r.ExpiryPolicy = ExpiryPolicies.NextParticipant);
        d.Start(T0);
        var t = d.Switch(T0 + 3000);
        Assert.Equal(d.P(0), t.ExpiredParticipantId);
        Assert.Equal(AuditEventTypes.SessionExpired, t.EventType);
        Assert.Equal(SessionStatuses.Expired, t.Committed().Status);
    }

    [Fact]
    public void A_single_participant_switch_laps_its_own_clock()
    {
        var d = SessionDriver.Create(participants: 1, configure: r => r.IncrementMs = 500);
        d.Start(T0);
        var s = d.Switched(T0 + 1000);
        Assert.Equal(d.P(0), s.ActiveParticipantId);
        Assert.Equal(1, s.Participants[0].CycleCount);
        Assert.Equal(59_500, s.Participants[0].TotalTimeMs);
        Assert.Equal(T0 + 1000, s.CycleStartedAt);
    }

    [Fact]
    public void Next_participant_id_picks_the_next_turn_and_must_be_known()
    {
        var d = SessionDriver.Create(participants: 3);
        d.Start(T0);
        var s = d.Switched(T0 + 100, new SwitchRequest { NextParticipantId = d.P(2).ToUpperInvariant() });
        Assert.Equal(d.P(2), s.ActiveParticipantId);
        var unknown = NewId();
        var error = d.Switch(T0 + 200, new SwitchRequest { NextParticipantId = unknown }).Refused(ErrorCodes.VALIDATION_ERROR);
        Assert.Equal(new FieldError("next_participant_id", $"Participant {unknown} not found in session", FieldErrorCodes.Custom), Assert.Single(error.Details!));
        Assert.Equal("Request validation failed", error.Message);
        Assert.Equal(3, d.State.Version);
    }

    [Fact]
    public void Expected_active_participant_guard_lets_exactly_one_of_two_presses_win()
    {
        var d = SessionDriver.Create();
        d.Start(T0);
        var expect = new SwitchRequest { ExpectedActiveParticipantId = d.P(0).ToUpperInvariant() };
        Assert.Equal(d.P(1), d.Switched(T0 + 100, expect).ActiveParticipantId);
        var error = d.Switch(T0 + 101, expect).Refused(ErrorCodes.NOT_ACTIVE_PARTICIPANT);
        Assert.Equal($"Participant {expect.ExpectedActiveParticipantId} is not the active participant", error.Message);
        Assert.Equal(409, error.HttpStatus);
        Assert.Equal(3, d.State.Version);
    }

    [Fact]
    public void Switch_checks_the_body_first_then_the_status_then_the_guard()
    {
        var d = SessionDriver.Create();
        var bad = new SwitchRequest { NextParticipantId = "nope", ExpectedActiveParticipantId = "x", RequestId = new string('r', 65) };
        var error = d.Switch(T0, bad).Refused(ErrorCodes.VALIDATION_ERROR);
        Assert.Equal(["expected_active_participant_id", "next_participant_id", "request_id"], error.Details!.Select(e => e.Field).Order(StringComparer.Ordinal));

        var guarded = new SwitchRequest { ExpectedActiveParticipantId = NewId(), NextParticipantId = NewId() };
        Assert.Equal($"Session {d.Id} not running (current status: pending)", d.Switch(T0, guarded).Refused(ErrorCodes.INVALID_STATE_TRANSITION).Message);
        d.Start(T0);
        d.Switch(T0, guarded).Refused(ErrorCodes.NOT_ACTIVE_PARTICIPANT);
        Assert.Equal(2, d.State.Version);
    }

    [Fact]
    public void A_request_id_changes_nothing_in_the_rules()
    {
        var d = SessionDriver.Create();
        d.Start(T0);
        var request = new SwitchRequest { RequestId = "press-1" };
        Assert.Equal(d.P(1), d.Switched(T0 + 10, request).ActiveParticipantId);
        Assert.Equal(d.P(0), d.Switched(T0 + 20, request).ActiveParticipantId);
    }

    [Fact]
    public void A_chosen_next_participant_who_shares_the_clock_that_ran_out_is_skipped()
    {
        var ids = Ids(3);
        var g = NewId();
        var request = Request(SyncModes.PerGroup, ids, budget: 1000, groups: [g, g, NewId()]);
        request.ExpiryPolicy = ExpiryPolicies.NextParticipant;
        var d = new SessionDriver(request);
        d.Start(T0);
        var t = d.Switch(T0 + 1500, new SwitchRequest { NextParticipantId = ids[1] });
        Assert.Equal(ids[0], t.ExpiredParticipantId);
        var s = t.Committed();
        Assert.Equal(ids[2], s.ActiveParticipantId);
        Assert.Equal(T0 + 1000, s.CycleStartedAt);
    }

    [Fact]
    public void A_switch_past_the_session_cap_ends_the_session_and_names_a_clock_that_ran_out_first()
    {
        var d = SessionDriver.Create(budget: 2000, configure: r => r.MaxTimeMs = 5_000);
        d.Start(T0);
        var t = d.Switch(T0 + 9_000);
        Assert.Equal(SessionStatuses.Expired, t.Committed().Status);
        Assert.Equal(AuditEventTypes.SessionExpired, t.EventType);
        Assert.Equal(d.P(0), t.ExpiredParticipantId);
        Assert.Equal(d.P(0), t.Actor);
        Assert.Equal(2000, t.State!.Participant(d.P(0)).TimeUsedMs);

        d = SessionDriver.Create(budget: 60_000, configure: r => r.MaxTimeMs = 5_000);
        d.Start(T0);
        t = d.Switch(T0 + 9_000);
        Assert.Equal(SessionStatuses.Expired, t.Committed().Status);
        Assert.Null(t.ExpiredParticipantId);
        Assert.Equal(d.P(0), t.Actor);
        var capped = t.State!;
        Assert.Equal(5000, capped.Participant(d.P(0)).TimeUsedMs);
        Assert.False(capped.Participant(d.P(0)).HasExpired);
        Assert.Equal(d.P(0), capped.ActiveParticipantId);
    }

    [Fact]
    public void A_switch_exactly_at_the_session_cap_ends_the_session()
    {
        var d = SessionDriver.Create(configure: r => r.MaxTimeMs = 5_000);
        d.Start(T0);
        Assert.Equal(SessionStatuses.Running, d.Switched(T0 + 4_999).Status);
        Assert.Equal(SessionStatuses.Expired, d.Switched(T0 + 5_000).Status);
    }
}
