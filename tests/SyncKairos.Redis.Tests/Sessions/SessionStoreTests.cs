using System.Text.Json;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Redis.Sessions;
using static SyncKairos.Redis.Tests.Sessions.Sessions;

namespace SyncKairos.Redis.Tests.Sessions;

/// <summary>The session scripts' contract, run against every server kind (one subclass per backend).</summary>
public abstract partial class SessionStoreTests<TFixture>
    where TFixture : SessionServerFixture
{
    protected SessionStoreTests(TFixture fixture)
    {
        Fixture = fixture;
        Store = fixture.NewStore();
    }

    protected TFixture Fixture { get; }

    protected SessionStore Store { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected async Task<(string Id, string[] P)> CreateAsync(
        string mode = SyncModes.PerParticipant, int participants = 2, long budget = 60_000, Action<CreateSessionRequest>? configure = null)
    {
        var ids = Ids(participants);
        var request = Request(mode, ids, budget);
        configure?.Invoke(request);
        var state = await Store.CreateAsync(request, T0, Ct);
        return (state.SessionId, ids);
    }

    protected async Task<List<JsonElement>> AuditEventsAsync(SessionStore? store = null)
    {
        var reply = await Fixture.Redis.ExecuteAsync("LRANGE", [(store ?? Store).AuditListKey(0), 0, -1], Ct);
        return reply.Items.Select(i => JsonDocument.Parse(i.Bytes).RootElement.Clone()).ToList();
    }

    protected static async Task<SessionException> FailsAsync(string code, Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<SessionException>(action);
        Assert.Equal(code, ex.Code);
        return ex;
    }

    [Fact]
    public async Task Create_stores_version_1_pending_and_returns_it()
    {
        var (id, p) = await CreateAsync(configure: r => r.Metadata = JsonDocument.Parse("""{"list":[],"n":12345678901234567890}""").RootElement);
        var state = await Store.GetAsync(id, Ct);
        Assert.NotNull(state);
        Assert.Equal(1, state.Version);
        Assert.Equal(SessionStatuses.Pending, state.Status);
        Assert.Equal(T0, state.CreatedAt);
        Assert.Equal(p, state.Participants.Select(x => x.ParticipantId));
        Assert.Equal("""{"list":[],"n":12345678901234567890}""", state.MetadataJson);
        var created = Assert.Single(await AuditEventsAsync());
        Assert.Equal($"{id}:1", created.GetProperty("event_id").GetString());
        Assert.Equal("session_created", created.GetProperty("event_type").GetString());
        Assert.Equal(1, created.GetProperty("state").GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Create_with_an_existing_id_fails_and_changes_nothing()
    {
        var (id, p) = await CreateAsync();
        var again = Request(SyncModes.Global, p);
        again.SessionId = id;
        var ex = await FailsAsync(ErrorCodes.SESSION_ALREADY_EXISTS, () => Store.CreateAsync(again, T0 + 5, Ct));
        Assert.Equal($"Session {id} already exists", ex.Message);
        Assert.Equal(SyncModes.PerParticipant, (await Store.GetAsync(id, Ct))!.SyncMode);
        Assert.Single(await AuditEventsAsync());
    }

    [Fact]
    public async Task Invalid_create_is_a_validation_error_before_any_write()
    {
        var request = Request(SyncModes.PerCycle, Ids(1));
        request.TimePerCycleMs = null;
        var ex = await FailsAsync(ErrorCodes.VALIDATION_ERROR, () => Store.CreateAsync(request, T0, Ct));
        Assert.Equal("time_per_cycle_ms", Assert.Single(ex.Details!).Field);
        Assert.Null(await Store.GetAsync(request.SessionId!, Ct));
    }

    [Fact]
    public async Task Commands_on_a_missing_session_are_not_found()
    {
        var id = NewId();
        Assert.Null(await Store.GetAsync(id, Ct));
        Assert.False(await Store.DeleteAsync(id, Ct));
        Assert.Null(await Store.ExpireAsync(id, T0, Ct));
        var ex = await FailsAsync(ErrorCodes.SESSION_NOT_FOUND, () => Store.StartAsync(id, T0, Ct));
        Assert.Equal($"Session {id} not found", ex.Message);
        await FailsAsync(ErrorCodes.SESSION_NOT_FOUND, () => Store.SwitchAsync(id, new SwitchRequest(), T0, Ct));
        await FailsAsync(ErrorCodes.SESSION_NOT_FOUND, () => Store.PauseAsync(id, T0, Ct));
        await FailsAsync(ErrorCodes.SESSION_NOT_FOUND, () => Store.ResumeAsync(id, T0, Ct));
        await FailsAsync(ErrorCodes.SESSION_NOT_FOUND, () => Store.CompleteAsync(id, T0, Ct));
        await FailsAsync(ErrorCodes.SESSION_NOT_FOUND, () => Store.StartAsync("not-a-uuid}", T0, Ct));
        Assert.Empty(await AuditEventsAsync());
    }

    [Fact]
    public async Task Lifecycle_versions_audit_and_ttl()
    {
        var (id, p) = await CreateAsync();
        var ttl = (await Fixture.Redis.ExecuteAsync("PTTL", [Store.Keys.State(id)], Ct)).AsInt64();
        Assert.InRange(ttl, 3_500_000, 3_600_000);

        var started = await Store.StartAsync(id, T0 + 1000, Ct);
        Assert.Equal(2, started.Version);
        Assert.Equal(p[0], started.ActiveParticipantId);
        Assert.Equal(T0 + 1000, started.SessionStartedAt);
        Assert.Equal(T0 + 1000, started.CycleStartedAt);
        Assert.Equal(T0 + 61_000, started.DeadlineAt);
        ttl = (await Fixture.Redis.ExecuteAsync("PTTL", [Store.Keys.State(id)], Ct)).AsInt64();
        Assert.InRange(ttl, 3_600_000, 3_660_000);
        Assert.Equal([id], await Store.DueSessionsAsync(0, T0 + 61_000, 10, Ct));
        Assert.Empty(await Store.DueSessionsAsync(0, T0 + 60_999, 10, Ct));

        var switched = await Store.SwitchAsync(id, new SwitchRequest(), T0 + 3000, Ct);
        Assert.Equal(3, switched.State.Version);
        Assert.Null(switched.ExpiredParticipantId);
        Assert.Equal(p[1], switched.State.ActiveParticipantId);

        Assert.Equal(4, (await Store.PauseAsync(id, T0 + 4000, Ct)).Version);
        Assert.Empty(await Store.DueSessionsAsync(0, long.MaxValue / 2, 10, Ct));
        Assert.Equal(5, (await Store.ResumeAsync(id, T0 + 5000, Ct)).Version);
        var completed = await Store.CompleteAsync(id, T0 + 6000, Ct);
        Assert.Equal(6, completed.Version);
        Assert.Equal(T0 + 6000, completed.SessionCompletedAt);
        Assert.Null(completed.CycleStartedAt);
        Assert.Null(completed.DeadlineAt);
        Assert.Null(completed.ActiveParticipantId);
        Assert.True(await Store.DeleteAsync(id, T0 + 7000, Ct));
        Assert.Null(await Store.GetAsync(id, Ct));
        Assert.False(await Store.DeleteAsync(id, T0 + 7000, Ct));

        var events = await AuditEventsAsync();
        Assert.Equal(
            ["session_created", "session_started", "cycle_switched", "session_paused", "session_resumed", "session_completed", "session_deleted"],
            events.Select(e => e.GetProperty("event_type").GetString()));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], events.Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(p[0], events[2].GetProperty("actor").GetString());
        Assert.False(events[3].TryGetProperty("actor", out _));
        Assert.Equal(6, events[6].GetProperty("state").GetProperty("version").GetInt64());
        Assert.Equal(T0 + 3000, events[2].GetProperty("at").GetInt64());
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
    public async Task Every_command_in_every_status(Command command, string status)
    {
        var id = await ReachAsync(status);
        var before = (await Store.GetAsync(id, Ct))!;
        var events = (await AuditEventsAsync()).Count;
        var now = T0 + 500;
        var allowed = command switch
        {
            Command.Start => status == SessionStatuses.Pending,
            Command.Switch or Command.Pause => status == SessionStatuses.Running,
            Command.Resume => status == SessionStatuses.Paused,
            _ => status != SessionStatuses.Cancelled,
        };
        Func<Task<SessionState>> run = command switch
        {
            Command.Start => () => Store.StartAsync(id, now, Ct),
            Command.Switch => async () => (await Store.SwitchAsync(id, new SwitchRequest(), now, Ct)).State,
            Command.Pause => () => Store.PauseAsync(id, now, Ct),
            Command.Resume => () => Store.ResumeAsync(id, now, Ct),
            _ => () => Store.CompleteAsync(id, now, Ct),
        };

        if (allowed)
        {
            var after = await run();
            var unchanged = command == Command.Complete && status == SessionStatuses.Completed;
            Assert.Equal(before.Version + (unchanged ? 0 : 1), after.Version);
            Assert.Equal(events + (unchanged ? 0 : 1), (await AuditEventsAsync()).Count);
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
            var ex = await FailsAsync(ErrorCodes.INVALID_STATE_TRANSITION, run);
            var verb = command switch
            {
                Command.Start => "cannot be started",
                Command.Switch => "not running",
                Command.Pause => "cannot be paused",
                Command.Resume => "cannot be resumed",
                _ => "cannot be completed",
            };
            Assert.Equal($"Session {id} {verb} (current status: {status})", ex.Message);
            Assert.Equal(before.Version, (await Store.GetAsync(id, Ct))!.Version);
            Assert.Equal(events, (await AuditEventsAsync()).Count);
        }
    }

    [Theory]
    [InlineData(SessionStatuses.Pending)]
    [InlineData(SessionStatuses.Running)]
    [InlineData(SessionStatuses.Paused)]
    [InlineData(SessionStatuses.Expired)]
    [InlineData(SessionStatuses.Completed)]
    public async Task Delete_works_in_every_status_and_expire_only_when_running(string status)
    {
        var id = await ReachAsync(status);
        var version = (await Store.GetAsync(id, Ct))!.Version;
        if (status != SessionStatuses.Running)
        {
            Assert.Null(await Store.ExpireAsync(id, T0 + 5000, Ct));
        }

        Assert.True(await Store.DeleteAsync(id, T0 + 200_000, Ct));
        var last = (await AuditEventsAsync())[^1];
        Assert.Equal("session_deleted", last.GetProperty("event_type").GetString());
        var deletedVersion = last.GetProperty("version").GetInt64();
        Assert.True(deletedVersion >= version + 1);
        Assert.Equal(deletedVersion - 1, last.GetProperty("state").GetProperty("version").GetInt64());
        Assert.Empty(await Store.DueSessionsAsync(0, long.MaxValue / 2, 10, Ct));
    }

    /// <summary>A session in the given status; budgets of 1 s so that expiry is reachable at T0 + 1000.</summary>
    protected async Task<string> ReachAsync(string status)
    {
        var (id, _) = await CreateAsync(participants: 2, budget: 1000);
        switch (status)
        {
            case SessionStatuses.Running:
                await Store.StartAsync(id, T0, Ct);
                break;
            case SessionStatuses.Paused:
                await Store.StartAsync(id, T0, Ct);
                await Store.PauseAsync(id, T0 + 100, Ct);
                break;
            case SessionStatuses.Expired:
                await Store.StartAsync(id, T0, Ct);
                Assert.Equal(SessionStatuses.Expired, (await Store.ExpireAsync(id, T0 + 1000, Ct))!.Status);
                break;
            case SessionStatuses.Completed:
                await Store.CompleteAsync(id, T0, Ct);
                break;
        }

        Assert.Equal(status, (await Store.GetAsync(id, Ct))!.Status);
        return id;
    }
}
