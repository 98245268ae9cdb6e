using SyncKairos.Grains.Abstractions;
using static SyncKairos.Redis.Tests.Sessions.Sessions;

namespace SyncKairos.Redis.Tests.Sessions;

public abstract partial class SessionStoreTests<TFixture>
{
    [Fact]
    public async Task Per_participant_charges_elapsed_minus_delay_then_adds_increment()
    {
        var (id, p) = await CreateAsync(configure: r =>
        {
            r.IncrementMs = 2000;
            r.DelayMs = 500;
            r.Participants![1]!.TotalTimeMs = 30_000;
        });
        await Store.StartAsync(id, T0, Ct);
        var s = (await Store.SwitchAsync(id, new SwitchRequest(), T0 + 10_000, Ct)).State;
        Assert.Equal(60_000 - 9_500 + 2_000, s.Participant(p[0]).TotalTimeMs);
        Assert.Equal(9_500, s.Participant(p[0]).TimeUsedMs);
        Assert.Equal(1, s.Participant(p[0]).CycleCount);
        Assert.Equal(p[1], s.ActiveParticipantId);
        Assert.Equal(T0 + 10_000, s.CycleStartedAt);
        Assert.Equal(T0 + 10_000 + 500 + 30_000, s.DeadlineAt);

        // A switch inside the delay charges nothing but still earns the increment.
        s = (await Store.SwitchAsync(id, new SwitchRequest(), T0 + 10_400, Ct)).State;
        Assert.Equal(32_000, s.Participant(p[1]).TotalTimeMs);
        Assert.Equal(0, s.Participant(p[1]).TimeUsedMs);
        Assert.Equal(p[0], s.ActiveParticipantId);
    }

    [Fact]
    public async Task Delay_is_granted_once_per_turn_across_pause_and_resume()
    {
        var (id, p) = await CreateAsync(configure: r => r.DelayMs = 2000);
        await Store.StartAsync(id, T0, Ct);
        var paused = await Store.PauseAsync(id, T0 + 1500, Ct);
        Assert.Equal(60_000, paused.Participant(p[0]).TotalTimeMs);
        Assert.Null(paused.CycleStartedAt);
        Assert.Null(paused.DeadlineAt);

        var resumed = await Store.ResumeAsync(id, T0 + 10_000, Ct);
        Assert.Equal(T0 + 8_500, resumed.CycleStartedAt);
        Assert.Equal(T0 + 10_500 + 60_000, resumed.DeadlineAt);
        Assert.Equal(60_000, SessionView.At(resumed, T0 + 10_400).Participants[0].TimeRemainingMs);
        Assert.Equal(59_000, SessionView.At(resumed, T0 + 11_500).Participants[0].TimeRemainingMs);
        var again = await Store.PauseAsync(id, T0 + 11_500, Ct);
        Assert.Equal(59_000, again.Participant(p[0]).TotalTimeMs);
        Assert.Equal(10_000 - 1_500, 0 + again.PausedTotalMs);
    }

    [Fact]
    public async Task Per_cycle_gives_every_turn_a_fresh_budget_and_passes_the_turn_at_zero()
    {
        var (id, p) = await CreateAsync(SyncModes.PerCycle, participants: 2, configure: r => r.TimePerCycleMs = 10_000);
        var started = await Store.StartAsync(id, T0, Ct);
        Assert.Equal(ExpiryPolicies.NextParticipant, started.ExpiryPolicy);
        Assert.Equal(T0 + 10_000, started.DeadlineAt);

        var s = (await Store.SwitchAsync(id, new SwitchRequest(), T0 + 4_000, Ct)).State;
        Assert.Equal(10_000, s.Participant(p[0]).TotalTimeMs);
        Assert.Equal(4_000, s.Participant(p[0]).TimeUsedMs);
        Assert.Equal(10_000, s.Participant(p[1]).TotalTimeMs);
        Assert.Equal(T0 + 14_000, s.DeadlineAt);

        Assert.Null(await Store.ExpireAsync(id, T0 + 13_999, Ct));
        var expired = await Store.ExpireAsync(id, T0 + 14_050, Ct);
        Assert.NotNull(expired);
        Assert.Equal(SessionStatuses.Running, expired.Status);
        Assert.True(expired.Participant(p[1]).HasExpired);
        Assert.Equal(0, expired.Participant(p[1]).TotalTimeMs);
        Assert.Equal(p[0], expired.ActiveParticipantId);
        Assert.Equal(T0 + 14_000, expired.CycleStartedAt);
        Assert.Equal(T0 + 24_000, expired.DeadlineAt);
        var last = (await AuditEventsAsync())[^1];
        Assert.Equal("participant_expired", last.GetProperty("event_type").GetString());
        Assert.Equal(p[1], last.GetProperty("actor").GetString());

        // The last one standing runs out too: nobody is left, the session expires.
        var end = await Store.ExpireAsync(id, T0 + 24_000, Ct);
        Assert.Equal(SessionStatuses.Expired, end!.Status);
        Assert.Null(end.DeadlineAt);
        Assert.Equal("session_expired", (await AuditEventsAsync())[^1].GetProperty("event_type").GetString());
    }

    [Fact]
    public async Task Per_group_charges_the_group_clock_and_increments_only_when_the_clock_changes_group()
    {
        var ids = Ids(3);
        string[] groups = [NewId(), NewId()];
        var request = Request(SyncModes.PerGroup, ids, groups: [groups[0], groups[0], groups[1]]);
        request.IncrementMs = 1000;
        var id = (await Store.CreateAsync(request, T0, Ct)).SessionId;
        await Store.StartAsync(id, T0, Ct);

        var s = (await Store.SwitchAsync(id, new SwitchRequest(), T0 + 5_000, Ct)).State;
        Assert.Equal(55_000, s.Groups![0].TotalTimeMs);
        Assert.All(s.Participants.Take(2), x => Assert.Equal(55_000, x.TotalTimeMs));
        Assert.Equal(60_000, s.Participant(ids[2]).TotalTimeMs);

        s = (await Store.SwitchAsync(id, new SwitchRequest(), T0 + 8_000, Ct)).State;
        Assert.Equal(53_000, s.Groups![0].TotalTimeMs);
        Assert.Equal(8_000, s.Groups[0].TimeUsedMs);
        Assert.Equal(3_000, s.Participant(ids[1]).TimeUsedMs);
        Assert.Equal(ids[2], s.ActiveParticipantId);
        Assert.Equal(T0 + 68_000, s.DeadlineAt);
        var view = SessionView.At(s, T0 + 18_000);
        Assert.Equal(50_000, view.Groups![1].TimeRemainingMs);
        Assert.Equal(53_000, view.Groups[0].TimeRemainingMs);

        var expired = await Store.ExpireAsync(id, T0 + 68_000, Ct);
        Assert.Equal(SessionStatuses.Expired, expired!.Status);
        Assert.True(expired.Groups![1].HasExpired);
        Assert.False(expired.Groups[0].HasExpired);
        Assert.True(expired.Participant(ids[2]).HasExpired);
    }

    [Fact]
    public async Task Global_clock_is_shared_and_keeps_charging_across_switches()
    {
        var (id, p) = await CreateAsync(SyncModes.Global, participants: 3);
        await Store.StartAsync(id, T0, Ct);
        var s = (await Store.SwitchAsync(id, new SwitchRequest(), T0 + 10_000, Ct)).State;
        Assert.All(s.Participants, x => Assert.Equal(50_000, x.TotalTimeMs));
        s = (await Store.SwitchAsync(id, new SwitchRequest(), T0 + 15_000, Ct)).State;
        Assert.All(s.Participants, x => Assert.Equal(45_000, x.TotalTimeMs));
        Assert.Equal([10_000L, 5_000, 0], s.Participants.Select(x => x.TimeUsedMs));
        Assert.Equal(T0 + 60_000, s.DeadlineAt);

        var expired = await Store.ExpireAsync(id, T0 + 60_000, Ct);
        Assert.Equal(SessionStatuses.Expired, expired!.Status);
        Assert.All(expired.Participants, x => Assert.True(x.HasExpired));
    }

    [Fact]
    public async Task Count_up_grows_time_used_up_to_the_cap()
    {
        var (id, p) = await CreateAsync(SyncModes.CountUp, configure: r => r.MaxTimeMs = 5_000);
        await Store.StartAsync(id, T0, Ct);
        var s = (await Store.SwitchAsync(id, new SwitchRequest(), T0 + 2_000, Ct)).State;
        Assert.Equal(2_000, s.Participant(p[0]).TimeUsedMs);
        Assert.Equal(3_000, s.Participant(p[0]).TotalTimeMs);
        Assert.Equal(T0 + 7_000, s.DeadlineAt);
        s = (await Store.SwitchAsync(id, new SwitchRequest(), T0 + 3_000, Ct)).State;
        Assert.Equal(p[0], s.ActiveParticipantId);
        Assert.Equal(T0 + 6_000, s.DeadlineAt);

        var expired = await Store.ExpireAsync(id, T0 + 6_000, Ct);
        Assert.Equal(SessionStatuses.Expired, expired!.Status);
        Assert.Equal(5_000, expired.Participant(p[0]).TimeUsedMs);
        Assert.True(expired.Participant(p[0]).HasExpired);
    }

    [Fact]
    public async Task Expiry_happens_at_exactly_zero_and_not_a_millisecond_before()
    {
        var (id, p) = await CreateAsync(budget: 1000);
        await Store.StartAsync(id, T0, Ct);
        Assert.Null(await Store.ExpireAsync(id, T0 + 999, Ct));
        Assert.Equal(SessionStatuses.Running, (await Store.GetAsync(id, Ct))!.Status);
        var expired = await Store.ExpireAsync(id, T0 + 1000, Ct);
        Assert.Equal(SessionStatuses.Expired, expired!.Status);
        Assert.Equal(0, expired.Participant(p[0]).TotalTimeMs);
        Assert.Equal(1000, expired.Participant(p[0]).TimeUsedMs);
        Assert.True(expired.Participant(p[0]).HasExpired);
        Assert.Null(expired.CycleStartedAt);
        Assert.Null(expired.DeadlineAt);
        Assert.Null(await Store.ExpireAsync(id, T0 + 1001, Ct));
        Assert.Empty(await Store.DueSessionsAsync(0, T0 + 99_999, 10, Ct));
    }

    [Fact]
    public async Task A_switch_after_the_clock_ran_out_reports_the_expired_participant()
    {
        var (id, p) = await CreateAsync(budget: 1000);
        await Store.StartAsync(id, T0, Ct);
        var outcome = await Store.SwitchAsync(id, new SwitchRequest(), T0 + 1500, Ct);
        Assert.Equal(p[0], outcome.ExpiredParticipantId);
        Assert.Equal(SessionStatuses.Expired, outcome.State.Status);
        Assert.Equal(0, outcome.State.Participant(p[0]).TotalTimeMs);
        Assert.Equal("session_expired", (await AuditEventsAsync())[^1].GetProperty("event_type").GetString());
    }

    [Fact]
    public async Task Next_participant_policy_skips_expired_participants()
    {
        var (id, p) = await CreateAsync(participants: 3, budget: 1000, configure: r => r.ExpiryPolicy = ExpiryPolicies.NextParticipant);
        await Store.StartAsync(id, T0, Ct);
        var s = await Store.ExpireAsync(id, T0 + 1000, Ct);
        Assert.Equal(p[1], s!.ActiveParticipantId);
        var outcome = await Store.SwitchAsync(id, new SwitchRequest(), T0 + 1500, Ct);
        Assert.Equal(p[2], outcome.State.ActiveParticipantId);
        outcome = await Store.SwitchAsync(id, new SwitchRequest(), T0 + 1600, Ct);
        Assert.Equal(p[1], outcome.State.ActiveParticipantId);

        // A switch that finds the clock at zero names who expired and passes the turn as of the
        // instant the clock hit zero (T0 + 1600 + the 500 ms left), exactly as the sweeper would have.
        outcome = await Store.SwitchAsync(id, new SwitchRequest(), T0 + 5000, Ct);
        Assert.Equal(p[1], outcome.ExpiredParticipantId);
        Assert.Equal(p[2], outcome.State.ActiveParticipantId);
        Assert.Equal(SessionStatuses.Running, outcome.State.Status);
        Assert.Equal(T0 + 2100, outcome.State.CycleStartedAt);
        var ex = await FailsAsync(ErrorCodes.VALIDATION_ERROR, () => Store.SwitchAsync(id, new SwitchRequest { NextParticipantId = p[0] }, T0 + 5001, Ct));
        Assert.Equal("next_participant_id", Assert.Single(ex.Details!).Field);
    }

    [Fact]
    public async Task Next_participant_id_picks_the_next_turn_and_must_be_known()
    {
        var (id, p) = await CreateAsync(participants: 3);
        await Store.StartAsync(id, T0, Ct);
        var s = (await Store.SwitchAsync(id, new SwitchRequest { NextParticipantId = p[2].ToUpperInvariant() }, T0 + 100, Ct)).State;
        Assert.Equal(p[2], s.ActiveParticipantId);
        var unknown = NewId();
        var ex = await FailsAsync(ErrorCodes.VALIDATION_ERROR, () => Store.SwitchAsync(id, new SwitchRequest { NextParticipantId = unknown }, T0 + 200, Ct));
        Assert.Equal(new FieldError("next_participant_id", $"Participant {unknown} not found in session", FieldErrorCodes.Custom), Assert.Single(ex.Details!));
        Assert.Equal("Request validation failed", ex.Message);
        Assert.Equal(3, (await Store.GetAsync(id, Ct))!.Version);
    }

    [Fact]
    public async Task Time_never_runs_backwards_when_a_gateway_clock_is_behind()
    {
        var (id, p) = await CreateAsync();
        await Store.StartAsync(id, T0 + 10_000, Ct);
        var s = (await Store.SwitchAsync(id, new SwitchRequest(), T0 + 5_000, Ct)).State;
        Assert.Equal(T0 + 10_000, s.UpdatedAt);
        Assert.Equal(T0 + 10_000, s.CycleStartedAt);
        Assert.Equal(60_000, s.Participant(p[0]).TotalTimeMs);
        var paused = await Store.PauseAsync(id, T0, Ct);
        Assert.Equal(T0 + 10_000, paused.PausedAt);
        var resumed = await Store.ResumeAsync(id, T0 + 1, Ct);
        Assert.Equal(0, resumed.PausedTotalMs);
        Assert.True(resumed.UpdatedAt >= paused.UpdatedAt);
    }

    [Fact]
    public async Task Session_max_time_counts_wall_time_minus_paused_time()
    {
        var (id, p) = await CreateAsync(configure: r => r.MaxTimeMs = 5_000);
        await Store.StartAsync(id, T0, Ct);
        Assert.Equal(T0 + 5_000, (await Store.GetAsync(id, Ct))!.DeadlineAt);
        await Store.PauseAsync(id, T0 + 2_000, Ct);
        var resumed = await Store.ResumeAsync(id, T0 + 12_000, Ct);
        Assert.Equal(T0 + 15_000, resumed.DeadlineAt);
        Assert.Null(await Store.ExpireAsync(id, T0 + 14_999, Ct));
        var expired = await Store.ExpireAsync(id, T0 + 15_000, Ct);
        Assert.Equal(SessionStatuses.Expired, expired!.Status);
        Assert.Equal(5_000, expired.Participant(p[0]).TimeUsedMs);
        Assert.False(expired.Participant(p[0]).HasExpired);
        var last = (await AuditEventsAsync())[^1];
        Assert.Equal("session_expired", last.GetProperty("event_type").GetString());
        Assert.False(last.TryGetProperty("actor", out _));
    }

    [Fact]
    public async Task Complete_from_running_charges_the_clock()
    {
        var (id, p) = await CreateAsync(configure: r => r.DelayMs = 1000);
        await Store.StartAsync(id, T0, Ct);
        var done = await Store.CompleteAsync(id, T0 + 4000, Ct);
        Assert.Equal(57_000, done.Participant(p[0]).TotalTimeMs);
        Assert.Equal(3_000, done.Participant(p[0]).TimeUsedMs);
        Assert.Equal(T0 + 4000, done.SessionCompletedAt);
        Assert.Null(done.ActiveParticipantId);
        Assert.Null(done.CycleStartedAt);
        Assert.Equal(p[0], (await AuditEventsAsync())[^1].GetProperty("actor").GetString());
        var same = await Store.CompleteAsync(id, T0 + 9000, Ct);
        Assert.Equal(done.Version, same.Version);
        Assert.Equal(T0 + 4000, same.SessionCompletedAt);
    }

    [Fact]
    public async Task A_switch_past_the_session_cap_ends_the_session_and_names_a_clock_that_ran_out_first()
    {
        var (id, p) = await CreateAsync(budget: 2000, configure: r => r.MaxTimeMs = 5_000);
        await Store.StartAsync(id, T0, Ct);
        var outcome = await Store.SwitchAsync(id, new SwitchRequest(), T0 + 9_000, Ct);
        Assert.Equal(SessionStatuses.Expired, outcome.State.Status);
        Assert.Equal(p[0], outcome.ExpiredParticipantId);
        Assert.Equal(2000, outcome.State.Participant(p[0]).TimeUsedMs);

        (id, p) = await CreateAsync(budget: 60_000, configure: r => r.MaxTimeMs = 5_000);
        await Store.StartAsync(id, T0, Ct);
        outcome = await Store.SwitchAsync(id, new SwitchRequest(), T0 + 9_000, Ct);
        Assert.Equal(SessionStatuses.Expired, outcome.State.Status);
        Assert.Null(outcome.ExpiredParticipantId);
        Assert.Equal(5000, outcome.State.Participant(p[0]).TimeUsedMs);
    }
}
