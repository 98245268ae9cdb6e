using System.Text.Json;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Rules;
using static SyncKairos.Grains.Tests.Rules.Sessions;

namespace SyncKairos.Grains.Tests.Rules;

/// <summary>The lifecycle rules: create, start, pause, resume, complete, delete, and every command in every status.</summary>
public sealed partial class SessionRulesTests
{
    [Fact]
    public void Create_builds_version_1_pending_with_its_audit_event()
    {
        var ids = Ids(2);
        var request = Request(SyncModes.PerParticipant, ids);
        request.Metadata = JsonDocument.Parse("""{"list":[],"n":12345678901234567890}""").RootElement;
        var t = SessionRules.Create(request, T0);
        var state = t.Committed();
        Assert.Equal(AuditEventTypes.SessionCreated, t.EventType);
        Assert.Null(t.Actor);
        Assert.Equal(1, state.Version);
        Assert.Equal(SessionStatuses.Pending, state.Status);
        Assert.Equal(T0, state.CreatedAt);
        Assert.Equal(T0, state.UpdatedAt);
        Assert.Null(state.DeadlineAt);
        Assert.Null(state.ActiveParticipantId);
        Assert.Equal(ids, state.Participants.Select(x => x.ParticipantId));
        Assert.Equal("""{"list":[],"n":12345678901234567890}""", state.MetadataJson);
    }

    [Theory]
    [InlineData(SyncModes.PerParticipant, 60_000, 30_000)]
    [InlineData(SyncModes.PerCycle, 10_000, 10_000)]
    [InlineData(SyncModes.Global, 60_000, 60_000)]
    [InlineData(SyncModes.PerGroup, 60_000, 60_000)]
    [InlineData(SyncModes.CountUp, 60_000, 60_000)]
    public void Initial_budgets_follow_the_mode(string mode, long first, long second)
    {
        var state = SessionRules.Create(Requests.Create(mode), 0).Committed();
        Assert.Equal([first, second], state.Participants.Select(p => p.TotalTimeMs));
        Assert.Equal(mode == SyncModes.PerGroup ? 2 : 0, state.Groups?.Count ?? 0);
        Assert.Equal(ExpiryPolicies.DefaultFor(mode), state.ExpiryPolicy);
    }

    [Fact]
    public void Per_group_has_one_clock_per_distinct_group_whatever_the_case_of_its_id()
    {
        var ids = Ids(3);
        var group = NewId();
        var request = Request(SyncModes.PerGroup, ids, groups: [group, group.ToUpperInvariant(), NewId()]);
        var state = SessionRules.Create(request, T0).Committed();
        Assert.Equal(2, state.Groups!.Count);
        Assert.Equal(group, state.Groups[0].GroupId);
        Assert.All(state.Groups, g => Assert.Equal(60_000, g.TotalTimeMs));
    }

    [Fact]
    public void Count_up_cap_is_max_time_when_given()
    {
        var request = Requests.Create(SyncModes.CountUp);
        request.MaxTimeMs = 5000;
        Assert.All(SessionRules.Create(request, 0).Committed().Participants, p => Assert.Equal(5000, p.TotalTimeMs));
    }

    [Fact]
    public void Invalid_create_is_refused_with_field_errors()
    {
        var request = Request(SyncModes.PerCycle, Ids(1));
        request.TimePerCycleMs = null;
        request.SessionId = "nope";
        var error = SessionRules.Create(request, T0).Refused(ErrorCodes.VALIDATION_ERROR);
        Assert.Equal("Request validation failed", error.Message);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(["session_id", "time_per_cycle_ms"], error.Details!.Select(d => d.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_grains_refusals_have_the_scripts_texts()
    {
        var id = NewId();
        Assert.Equal(new SessionError(ErrorCodes.SESSION_NOT_FOUND, $"Session {id} not found"), Refusals.NotFound(id));
        Assert.Equal(new SessionError(ErrorCodes.SESSION_ALREADY_EXISTS, $"Session {id} already exists"), Refusals.AlreadyExists(id));
        Assert.Equal(404, Refusals.NotFound(id).HttpStatus);
        Assert.Equal(409, Refusals.AlreadyExists(id).HttpStatus);
    }

    [Fact]
    public void Lifecycle_versions_audit_events_and_actors()
    {
        var d = SessionDriver.Create();
        var started = d.Start(T0 + 1000);
        Assert.Equal(2, started.Version);
        Assert.Equal(d.P(0), started.ActiveParticipantId);
        Assert.Equal(T0 + 1000, started.SessionStartedAt);
        Assert.Equal(T0 + 1000, started.CycleStartedAt);
        Assert.Equal(T0 + 61_000, started.DeadlineAt);

        var switched = d.Switch(T0 + 3000);
        Assert.Null(switched.ExpiredParticipantId);
        Assert.Equal(3, switched.Committed().Version);
        Assert.Equal(d.P(1), switched.State!.ActiveParticipantId);

        Assert.Equal(4, d.Pause(T0 + 4000).Version);
        Assert.Null(d.State.DeadlineAt);
        Assert.Equal(5, d.Resume(T0 + 5000).Version);
        var completed = d.Complete(T0 + 6000).Committed();
        Assert.Equal(6, completed.Version);
        Assert.Equal(T0 + 6000, completed.SessionCompletedAt);
        Assert.Null(completed.CycleStartedAt);
        Assert.Null(completed.DeadlineAt);
        Assert.Null(completed.ActiveParticipantId);
        var deleted = d.Delete(T0 + 7000);
        Assert.Equal(AuditEventTypes.SessionDeleted, deleted.EventType);
        Assert.Equal(completed.ToJson(), deleted.State!.ToJson());

        Assert.Equal(
            ["session_created", "session_started", "cycle_switched", "session_paused", "session_resumed", "session_completed", "session_deleted"],
            d.Events.Select(e => e.EventType));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], d.Events.Select(e => e.Version));
        Assert.Equal([null, null, d.P(0), null, null, d.P(1), null], d.Events.Select(e => e.Actor));
        Assert.Equal(T0 + 3000, d.Events[2].At);
    }

    public enum Command
    {
        Start,
        Switch,
        Pause,
        Resume,
        Complete,
    }

    public static TheoryData<Command, string> EveryCommandInEveryStatus()
    {
        var data = new TheoryData<Command, string>();
        foreach (var command in Enum.GetValues<Command>())
        {
            foreach (var status in new[] { SessionStatuses.Pending, SessionStatuses.Running, SessionStatuses.Paused, SessionStatuses.Expired, SessionStatuses.Completed })
            {
                data.Add(command, status);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommandInEveryStatus))]
    public void Every_command_in_every_status(Command command, string status)
    {
        var d = Reach(status);
        var before = d.State;
        var events = d.Events.Count;
        var now = T0 + 500;
        var allowed = command switch
        {
            Command.Start => status == SessionStatuses.Pending,
            Command.Switch or Command.Pause => status == SessionStatuses.Running,
            Command.Resume => status == SessionStatuses.Paused,
            _ => true,
        };
        var t = d.Apply(s => command switch
        {
            Command.Start => SessionRules.Start(s, now),
            Command.Switch => SessionRules.Switch(s, new SwitchRequest(), now),
            Command.Pause => SessionRules.Pause(s, now),
            Command.Resume => SessionRules.Resume(s, now),
            _ => SessionRules.Complete(s, now),
        });

        if (command == Command.Complete && status == SessionStatuses.Completed)
        {
            Assert.True(t.IsNothingToDo);
            Assert.Same(before, d.State);
            Assert.Equal(events, d.Events.Count);
        }
        else if (allowed)
        {
            var after = t.Committed();
            Assert.Equal(before.Version + 1, after.Version);
            Assert.Equal(events + 1, d.Events.Count);
            var expected = command switch
            {
                Command.Start or Command.Switch or Command.Resume => SessionStatuses.Running,
                Command.Pause => SessionStatuses.Paused,
                _ => SessionStatuses.Completed,
            };
            Assert.Equal(expected, after.Status);
        }
        else
        {
            var error = t.Refused(ErrorCodes.INVALID_STATE_TRANSITION);
            var verb = command switch
            {
                Command.Start => "cannot be started",
                Command.Switch => "not running",
                Command.Pause => "cannot be paused",
                Command.Resume => "cannot be resumed",
                _ => "cannot be completed",
            };
            Assert.Equal($"Session {d.Id} {verb} (current status: {status})", error.Message);
            Assert.Equal(400, error.HttpStatus);
            Assert.Same(before, d.State);
            Assert.Equal(events, d.Events.Count);
        }
    }

    [Fact]
    public void Complete_refuses_a_cancelled_session()
    {
        var d = SessionDriver.Create();
        var cancelled = StateCopy.Of(d.State);
        cancelled.Status = SessionStatuses.Cancelled;
        var error = SessionRules.Complete(cancelled, T0).Refused(ErrorCodes.INVALID_STATE_TRANSITION);
        Assert.Equal($"Session {d.Id} cannot be completed (current status: cancelled)", error.Message);
    }

    [Theory]
    [InlineData(SessionStatuses.Pending)]
    [InlineData(SessionStatuses.Running)]
    [InlineData(SessionStatuses.Paused)]
    [InlineData(SessionStatuses.Expired)]
    [InlineData(SessionStatuses.Completed)]
    public void Delete_works_in_every_status_with_the_last_state_unbumped_and_expire_only_when_running(string status)
    {
        var d = Reach(status);
        var last = d.State;
        if (status != SessionStatuses.Running)
        {
            Assert.True(d.Expire(T0 + 5000).IsNothingToDo);
        }

        var t = d.Delete(T0 + 200_000);
        Assert.Equal(AuditEventTypes.SessionDeleted, t.EventType);
        Assert.Null(t.Actor);
        Assert.Null(t.Error);
        Assert.NotSame(last, t.State);
        Assert.Equal(last.ToJson(), t.State!.ToJson());
        Assert.Equal(last.Version + 1, d.Events[^1].Version);
    }

    [Fact]
    public void Complete_from_running_charges_the_clock_and_names_who_was_active()
    {
        var d = SessionDriver.Create(configure: r => r.DelayMs = 1000);
        d.Start(T0);
        var t = d.Complete(T0 + 4000);
        var done = t.Committed();
        Assert.Equal(57_000, done.Participant(d.P(0)).TotalTimeMs);
        Assert.Equal(3_000, done.Participant(d.P(0)).TimeUsedMs);
        Assert.Equal(T0 + 4000, done.SessionCompletedAt);
        Assert.Null(done.ActiveParticipantId);
        Assert.Null(done.CycleStartedAt);
        Assert.Equal(d.P(0), t.Actor);
        Assert.Equal(AuditEventTypes.SessionCompleted, t.EventType);
        Assert.True(d.Complete(T0 + 9000).IsNothingToDo);
        Assert.Equal(T0 + 4000, d.State.SessionCompletedAt);
    }

    [Fact]
    public void Complete_while_paused_charges_nothing_more_and_clears_the_pause()
    {
        var d = SessionDriver.Create(configure: r => r.DelayMs = 1000);
        d.Start(T0);
        d.Pause(T0 + 3000);
        var t = d.Complete(T0 + 50_000);
        var done = t.Committed();
        Assert.Equal(58_000, done.Participant(d.P(0)).TotalTimeMs);
        Assert.Null(done.PausedAt);
        Assert.Null(done.PausedDelayUsedMs);
        Assert.Null(done.ActiveParticipantId);
        Assert.Equal(d.P(0), t.Actor);
    }

    [Fact]
    public void Complete_of_a_pending_session_has_no_actor()
    {
        var d = SessionDriver.Create();
        var t = d.Complete(T0 + 10);
        Assert.Null(t.Actor);
        Assert.Null(t.Committed().SessionStartedAt);
        Assert.Equal(T0 + 10, t.State!.SessionCompletedAt);
    }

    [Fact]
    public void Complete_of_an_expired_session_names_the_participant_who_ran_out()
    {
        var d = Reach(SessionStatuses.Expired);
        var t = d.Complete(T0 + 2000);
        Assert.Equal(d.P(0), t.Actor);
        Assert.Null(t.Committed().ActiveParticipantId);
        Assert.True(t.State!.Participant(d.P(0)).HasExpired);
    }

    [Fact]
    public void Delay_is_granted_once_per_turn_across_pause_and_resume()
    {
        var d = SessionDriver.Create(configure: r => r.DelayMs = 2000);
        d.Start(T0);
        var paused = d.Pause(T0 + 1500);
        Assert.Equal(60_000, paused.Participant(d.P(0)).TotalTimeMs);
        Assert.Null(paused.CycleStartedAt);
        Assert.Null(paused.DeadlineAt);
        Assert.Equal(T0 + 1500, paused.PausedAt);
        Assert.Equal(1500, paused.PausedDelayUsedMs);

        var resumed = d.Resume(T0 + 10_000);
        Assert.Equal(T0 + 8_500, resumed.CycleStartedAt);
        Assert.Equal(T0 + 10_500 + 60_000, resumed.DeadlineAt);
        Assert.Null(resumed.PausedAt);
        Assert.Null(resumed.PausedDelayUsedMs);
        Assert.Equal(60_000, SessionView.At(resumed, T0 + 10_400).Participants[0].TimeRemainingMs);
        Assert.Equal(59_000, SessionView.At(resumed, T0 + 11_500).Participants[0].TimeRemainingMs);
        var again = d.Pause(T0 + 11_500);
        Assert.Equal(59_000, again.Participant(d.P(0)).TotalTimeMs);
        Assert.Equal(1_000, again.Participant(d.P(0)).TimeUsedMs);
        Assert.Equal(2000, again.PausedDelayUsedMs);
        Assert.Equal(10_000 - 1_500, again.PausedTotalMs);
    }

    [Fact]
    public void Time_never_runs_backwards_when_a_callers_clock_is_behind()
    {
        var d = SessionDriver.Create();
        d.Start(T0 + 10_000);
        var s = d.Switched(T0 + 5_000);
        Assert.Equal(T0 + 10_000, s.UpdatedAt);
        Assert.Equal(T0 + 10_000, s.CycleStartedAt);
        Assert.Equal(60_000, s.Participant(d.P(0)).TotalTimeMs);
        var paused = d.Pause(T0);
        Assert.Equal(T0 + 10_000, paused.PausedAt);
        var resumed = d.Resume(T0 + 1);
        Assert.Equal(0, resumed.PausedTotalMs);
        Assert.Equal(T0 + 10_000, resumed.UpdatedAt);
        Assert.Equal(T0 + 10_000, d.Complete(T0 + 2).Committed().SessionCompletedAt);
        Assert.Equal(T0 + 10_000, d.Delete(T0 + 3).State!.UpdatedAt);
    }

    [Fact]
    public void A_copy_carries_every_field()
    {
        var d = SessionDriver.Create(SyncModes.PerGroup, configure: r =>
        {
            r.MaxTimeMs = 90_000;
            r.Metadata = JsonDocument.Parse("""{"k":1}""").RootElement;
        });
        var s = d.State;
        (s.ActiveParticipantId, s.CycleStartedAt, s.SessionStartedAt, s.SessionCompletedAt, s.DeadlineAt) = (d.P(0), 1, 2, 3, 4);
        (s.PausedAt, s.PausedDelayUsedMs, s.PausedTotalMs, s.TimePerCycleMs) = (5, 6, 7, 8);
        var copy = StateCopy.Of(s);
        var json = s.ToJson();
        Assert.Equal(json, copy.ToJson());
        Assert.Equal(typeof(SessionState).GetProperties().Length, JsonDocument.Parse(json).RootElement.EnumerateObject().Count());
        Assert.NotSame(s.Participants[0], copy.Participants[0]);
        Assert.NotSame(s.Groups![0], copy.Groups![0]);
    }

    /// <summary>A session in the given status; budgets of 1 s so that expiry is reachable at T0 + 1000.</summary>
    private static SessionDriver Reach(string status)
    {
        var d = SessionDriver.Create(participants: 2, budget: 1000);
        switch (status)
        {
            case SessionStatuses.Running:
                d.Start(T0);
                break;
            case SessionStatuses.Paused:
                d.Start(T0);
                d.Pause(T0 + 100);
                break;
            case SessionStatuses.Expired:
                d.Start(T0);
                d.Expired(T0 + 1000);
                break;
            case SessionStatuses.Completed:
                d.Complete(T0);
                break;
        }

        Assert.Equal(status, d.State.Status);
        return d;
    }
}
