using System.Text.Json;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Silo.Tests.Cluster;

public abstract partial class SessionClusterTests<TFixture>
{
    [Fact]
    public async Task Every_command_and_guard_goes_through_the_grain_and_the_store()
    {
        var request = Sessions.TwoPlayers();
        var id = request.SessionId!;
        var grain = Grain(id);
        var first = request.Participants![0]!.ParticipantId!;
        var second = request.Participants![1]!.ParticipantId!;

        Assert.Equal(ErrorCodes.SESSION_NOT_FOUND, (await grain.Get()).Error?.Code);
        Assert.Equal(ErrorCodes.SESSION_NOT_FOUND, (await grain.Start()).Error?.Code);
        Assert.Equal(ErrorCodes.VALIDATION_ERROR, (await grain.Create(new CreateSessionRequest { SessionId = id })).Error?.Code);

        var created = await grain.Create(request);
        Assert.Null(created.Error);
        Assert.Equal(1, created.State!.Version);
        Assert.Equal(SessionStatuses.Pending, created.State.Status);
        Assert.Equal(ErrorCodes.SESSION_ALREADY_EXISTS, (await grain.Create(request)).Error?.Code);
        Assert.Equal(ErrorCodes.INVALID_STATE_TRANSITION, (await grain.Switch(new SwitchRequest())).Error?.Code);

        var started = await grain.Start();
        Assert.Equal(SessionStatuses.Running, started.State!.Status);
        Assert.NotNull(started.State.DeadlineAt);
        Assert.NotNull(await Db.SortedSetScoreAsync("sk:deadlines:0", id.ToLowerInvariant()));

        var guarded = await grain.Switch(new SwitchRequest { ExpectedActiveParticipantId = second });
        Assert.Equal(ErrorCodes.NOT_ACTIVE_PARTICIPANT, guarded.Error?.Code);
        Assert.Equal(2, (await grain.Get()).State!.Version);

        Fixture.Clock.Advance(TimeSpan.FromSeconds(3));
        var switched = await grain.Switch(new SwitchRequest { ExpectedActiveParticipantId = first });
        Assert.Equal(second, switched.State!.ActiveParticipantId);
        Assert.Equal(3, switched.State.Version);

        Assert.Equal(SessionStatuses.Paused, (await grain.Pause()).State!.Status);
        Assert.Null(await Db.SortedSetScoreAsync("sk:deadlines:0", id.ToLowerInvariant()));
        Assert.Equal(ErrorCodes.INVALID_STATE_TRANSITION, (await grain.Pause()).Error?.Code);
        Assert.Equal(SessionStatuses.Running, (await grain.Resume()).State!.Status);
        var completed = await grain.Complete();
        Assert.Equal(SessionStatuses.Completed, completed.State!.Status);
        Assert.Equal(6, completed.State.Version);

        var stored = await StoredAsync(id);
        Assert.Equal(completed.State.ToJson(), stored!.ToJson());
        Assert.Equal(stored.ToJson(), (await grain.Get()).State!.ToJson());

        var deleted = await grain.Delete();
        Assert.True(deleted.Existed);
        Assert.Equal(ErrorCodes.SESSION_NOT_FOUND, (await grain.Get()).Error?.Code);
        Assert.Null(await StoredAsync(id));
        Assert.False((await grain.Delete()).Existed);

        var events = await AuditEventsAsync(id);
        Assert.Equal(
            [AuditEventTypes.SessionCreated, AuditEventTypes.SessionStarted, AuditEventTypes.CycleSwitched, AuditEventTypes.SessionPaused,
             AuditEventTypes.SessionResumed, AuditEventTypes.SessionCompleted, AuditEventTypes.SessionDeleted],
            events.Select(e => e.GetProperty("event_type").GetString()));
        Assert.Equal(Enumerable.Range(1, 7).Select(v => (long)v), events.Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal($"{id}:7", events[^1].GetProperty("event_id").GetString());
        Assert.Equal(6, events[^1].GetProperty("state").GetProperty("version").GetInt64());
        Assert.Equal(first, events[2].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task A_version_field_in_the_metadata_does_not_confuse_the_fence()
    {
        // The storage script reads the stored version by matching the state's first "version" field.
        var request = Sessions.TwoPlayers();
        request.Metadata = JsonDocument.Parse("""{"version":999,"nested":{"version":0}}""").RootElement.Clone();
        var grain = Grain(request.SessionId!);
        Assert.Null((await grain.Create(request)).Error);
        Assert.Null((await grain.Start()).Error);
        var switched = await grain.Switch(new SwitchRequest());
        Assert.Null(switched.Error);
        Assert.Equal(3, switched.State!.Version);
        Assert.Equal(3, (await StoredAsync(request.SessionId!))!.Version);
    }

    [Fact]
    public async Task The_audit_event_is_the_lua_stores_format_byte_for_byte()
    {
        var request = Sessions.TwoPlayers();
        var created = await Grain(request.SessionId!).Create(request);
        var raw = (string)(await Db.ListRangeAsync("sk:audit:0")).Last(e => ((string)e!).Contains(request.SessionId!, StringComparison.Ordinal))!;
        var state = created.State!;
        Assert.Equal(
            $$"""{"event_id":"{{state.SessionId}}:1","session_id":"{{state.SessionId}}","version":1,"event_type":"session_created","at":{{state.CreatedAt}},"state":{{state.ToJson()}}}""",
            raw);
    }

    [Fact]
    public async Task Hundred_concurrent_guarded_switches_make_exactly_one_turn_each_round()
    {
        var state = await StartedAsync();
        var grain = Grain(state.SessionId);
        for (var round = 0; round < 3; round++)
        {
            var active = state.ActiveParticipantId;
            Fixture.Clock.Advance(TimeSpan.FromMilliseconds(500));
            var replies = await Task.WhenAll(Enumerable.Range(0, 100)
                .Select(_ => grain.Switch(new SwitchRequest { ExpectedActiveParticipantId = active })));
            var wins = replies.Where(r => r.Error is null).ToList();
            Assert.Single(wins);
            Assert.All(replies.Where(r => r.Error is not null), r => Assert.Equal(ErrorCodes.NOT_ACTIVE_PARTICIPANT, r.Error!.Code));
            Assert.Equal(state.Version + 1, wins[0].State!.Version);
            state = wins[0].State!;
        }

        Assert.Equal(state.Version, (await StoredAsync(state.SessionId))!.Version);
    }

    [Fact]
    public async Task A_running_session_expires_by_its_own_timer_and_subscribers_are_told()
    {
        var state = await StartedAsync(budgetMs: 2_000);
        var observer = new RecordingObserver();
        var reference = Fixture.Client.CreateObjectReference<ISessionObserver>(observer);
        Assert.Equal(state.Version, (await Grain(state.SessionId).Subscribe(reference)).State!.Version);

        Fixture.Clock.Advance(TimeSpan.FromSeconds(3));
        var expired = await observer.WaitForAsync(s => s.Status == SessionStatuses.Expired, Patience);
        Assert.Equal(state.Version + 1, expired.Version);
        Assert.Equal(SessionStatuses.Expired, (await StoredAsync(state.SessionId))!.Status);
        Assert.Null(await Db.SortedSetScoreAsync("sk:deadlines:0", state.SessionId.ToLowerInvariant()));
        GC.KeepAlive(observer);
    }
}
