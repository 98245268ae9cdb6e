using SyncKairos.Grains.Abstractions;
using static SyncKairos.Grains.Tests.Rules.Sessions;

namespace SyncKairos.Grains.Tests.Rules;

/// <summary>Expire: at the deadline exactly, by each policy, and the session-level cap.</summary>
public sealed partial class SessionRulesTests
{
    [Fact]
    public void Expiry_happens_at_exactly_zero_and_not_a_millisecond_before()
    {
        var d = SessionDriver.Create(budget: 1000);
        d.Start(T0);
        var early = d.Expire(T0 + 999);
        Assert.True(early.IsNothingToDo);
        Assert.False(early.IsRefused);
        Assert.Equal(SessionStatuses.Running, d.State.Status);
        var t = d.Expire(T0 + 1000);
        Assert.Equal(AuditEventTypes.SessionExpired, t.EventType);
        Assert.Equal(d.P(0), t.Actor);
        Assert.Equal(d.P(0), t.ExpiredParticipantId);
        var expired = t.Committed();
        Assert.Equal(SessionStatuses.Expired, expired.Status);
        Assert.Equal(0, expired.Participant(d.P(0)).TotalTimeMs);
        Assert.Equal(1000, expired.Participant(d.P(0)).TimeUsedMs);
        Assert.True(expired.Participant(d.P(0)).HasExpired);
        Assert.Equal(d.P(0), expired.ActiveParticipantId);
        Assert.Null(expired.CycleStartedAt);
        Assert.Null(expired.DeadlineAt);
        Assert.True(d.Expire(T0 + 1001).IsNothingToDo);
    }

    [Fact]
    public void A_late_expiry_charges_up_to_the_deadline_only()
    {
        var d = SessionDriver.Create(budget: 1000, configure: r => r.DelayMs = 300);
        d.Start(T0);
        Assert.True(d.Expire(T0 + 1299).IsNothingToDo);
        var s = d.Expired(T0 + 9000);
        Assert.Equal(1000, s.Participant(d.P(0)).TimeUsedMs);
        Assert.Equal(T0 + 9000, s.UpdatedAt);
    }

    [Fact]
    public void An_expiry_with_a_clock_behind_the_last_commit_uses_the_last_commit()
    {
        var d = SessionDriver.Create(budget: 1000);
        d.Start(T0 + 5000);
        Assert.True(d.Expire(T0 + 5999).IsNothingToDo);
        Assert.Equal(T0 + 6000, d.Expired(T0 + 6000).UpdatedAt);
    }

    [Fact]
    public void Per_cycle_passes_the_turn_at_zero_until_nobody_is_left()
    {
        var d = SessionDriver.Create(SyncModes.PerCycle, configure: r => r.TimePerCycleMs = 10_000);
        d.Start(T0);
        d.Switched(T0 + 4_000);
        Assert.True(d.Expire(T0 + 13_999).IsNothingToDo);
        var t = d.Expire(T0 + 14_050);
        var s = t.Committed();
        Assert.Equal(AuditEventTypes.ParticipantExpired, t.EventType);
        Assert.Equal(d.P(1), t.Actor);
        Assert.Equal(d.P(1), t.ExpiredParticipantId);
        Assert.Equal(SessionStatuses.Running, s.Status);
        Assert.True(s.Participant(d.P(1)).HasExpired);
        Assert.Equal(0, s.Participant(d.P(1)).TotalTimeMs);
        Assert.Equal(1, s.Participant(d.P(1)).CycleCount);
        Assert.Equal(d.P(0), s.ActiveParticipantId);
        Assert.Equal(10_000, s.Participant(d.P(0)).TotalTimeMs);
        Assert.Equal(T0 + 14_000, s.CycleStartedAt);
        Assert.Equal(T0 + 24_000, s.DeadlineAt);
        Assert.Equal(T0 + 14_050, s.UpdatedAt);

        // The last one standing runs out too: nobody is left, the session expires.
        t = d.Expire(T0 + 24_000);
        Assert.Equal(SessionStatuses.Expired, t.Committed().Status);
        Assert.Null(t.State!.DeadlineAt);
        Assert.Equal(AuditEventTypes.SessionExpired, t.EventType);
        Assert.Equal(d.P(0), t.Actor);
    }

    [Fact]
    public void Next_participant_policy_adds_no_increment_to_the_expired_clock()
    {
        var d = SessionDriver.Create(participants: 2, budget: 1000, configure: r =>
        {
            r.ExpiryPolicy = ExpiryPolicies.NextParticipant;
            r.IncrementMs = 5000;
        });
        d.Start(T0);
        var s = d.Expired(T0 + 1000);
        Assert.Equal(0, s.Participant(d.P(0)).TotalTimeMs);
        Assert.Equal(1, s.Participant(d.P(0)).CycleCount);
        Assert.Equal(d.P(1), s.ActiveParticipantId);
    }

    [Fact]
    public void Session_max_time_counts_wall_time_minus_paused_time()
    {
        var d = SessionDriver.Create(configure: r => r.MaxTimeMs = 5_000);
        d.Start(T0);
        Assert.Equal(T0 + 5_000, d.State.DeadlineAt);
        d.Pause(T0 + 2_000);
        var resumed = d.Resume(T0 + 12_000);
        Assert.Equal(10_000, resumed.PausedTotalMs);
        Assert.Equal(T0 + 15_000, resumed.DeadlineAt);
        Assert.True(d.Expire(T0 + 14_999).IsNothingToDo);
        var t = d.Expire(T0 + 15_000);
        var expired = t.Committed();
        Assert.Equal(SessionStatuses.Expired, expired.Status);
        Assert.Equal(5_000, expired.Participant(d.P(0)).TimeUsedMs);
        Assert.False(expired.Participant(d.P(0)).HasExpired);
        Assert.Equal(AuditEventTypes.SessionExpired, t.EventType);
        Assert.Null(t.Actor);
        Assert.Null(t.ExpiredParticipantId);
    }

    [Fact]
    public void A_session_cap_that_falls_with_the_clocks_zero_expires_both()
    {
        var d = SessionDriver.Create(budget: 5000, configure: r =>
        {
            r.MaxTimeMs = 5_000;
            r.ExpiryPolicy = ExpiryPolicies.NextParticipant;
        });
        d.Start(T0);
        var t = d.Expire(T0 + 5000);
        Assert.Equal(SessionStatuses.Expired, t.Committed().Status);
        Assert.Null(t.Actor);
        Assert.Equal(d.P(0), t.ExpiredParticipantId);
        Assert.True(t.State!.Participant(d.P(0)).HasExpired);
    }

    [Fact]
    public void Count_up_ignores_max_time_as_a_session_cap()
    {
        var d = SessionDriver.Create(SyncModes.CountUp, configure: r => r.MaxTimeMs = 5_000);
        d.Start(T0);
        d.Switched(T0 + 4_000);
        Assert.Equal(T0 + 4_000 + 5_000, d.State.DeadlineAt);
        Assert.True(d.Expire(T0 + 8_999).IsNothingToDo);
        Assert.Equal(d.P(1), d.Expire(T0 + 9_000).ExpiredParticipantId);
    }

    [Fact]
    public void The_deadline_is_the_sooner_of_the_clock_and_the_session_cap()
    {
        var d = SessionDriver.Create(budget: 3000, configure: r =>
        {
            r.MaxTimeMs = 7_000;
            r.DelayMs = 1000;
        });
        Assert.Equal(T0 + 4000, d.Start(T0).DeadlineAt);
        Assert.Equal(T0 + 2000 + 1000 + 3000, d.Switched(T0 + 2000).DeadlineAt);
        Assert.Equal(T0 + 7_000, d.Switched(T0 + 4500).DeadlineAt);
    }
}
