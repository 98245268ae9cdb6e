using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using SyncKairos.Grpc.V1;

namespace SyncKairos.Gateway.Tests.Grpc.Sessions;

/// <summary>The synckairos.v1.SyncKairos service over real Kestrel h2c and a real redis-server.</summary>
public sealed class SyncKairosGrpcServiceTests(SessionGrpcServer server) : IClassFixture<SessionGrpcServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static CreateSessionRequest NewSession(int participants = 2, SyncMode mode = SyncMode.PerParticipant)
    {
        var request = new CreateSessionRequest
        {
            SessionId = Guid.NewGuid().ToString(),
            SyncMode = mode,
            TotalTimeMs = 60_000,
            IncrementMs = 2_000,
            Metadata = new Struct { Fields = { ["table"] = Value.ForString("t1"), ["round"] = Value.ForNumber(3) } },
        };
        for (var i = 0; i < participants; i++)
        {
            request.Participants.Add(new ParticipantInput { ParticipantId = Guid.NewGuid().ToString(), ParticipantIndex = i, TotalTimeMs = 60_000 });
        }

        return request;
    }

    [Fact]
    public async Task EveryMethodThroughALifecycle()
    {
        using var client = new SessionGrpcClient(server.Address);
        var create = NewSession();
        var id = create.SessionId;
        var (first, second) = (create.Participants[0].ParticipantId, create.Participants[1].ParticipantId);

        var created = (await client.CallAsync("CreateSession", create, CreateSessionResponse.Parser, Ct)).State;
        Assert.Equal(SessionStatus.Pending, created.Status);
        Assert.Equal(1, created.Version);
        Assert.False(created.HasActiveParticipantId);
        Assert.False(created.HasCycleStartedAtMs);
        Assert.False(created.HasMaxTimeMs);
        Assert.False(created.HasDeadlineAtMs);
        Assert.Equal(2_000, created.IncrementMs);
        Assert.Equal(ExpiryPolicy.EndSession, created.ExpiryPolicy);
        Assert.Equal("t1", created.Metadata.Fields["table"].StringValue);
        Assert.False(created.Participants[0].HasGroupId);

        var started = (await client.CallAsync("StartSession", new StartSessionRequest { SessionId = id }, StartSessionResponse.Parser, Ct)).State;
        Assert.Equal(SessionStatus.Running, started.Status);
        Assert.Equal(first, started.ActiveParticipantId);
        Assert.True(started.HasCycleStartedAtMs);
        Assert.True(started.HasDeadlineAtMs);
        Assert.True(started.Participants[0].IsActive);

        var switched = await client.CallAsync(
            "SwitchCycle",
            new SwitchCycleRequest { SessionId = id, ExpectedActiveParticipantId = first, RequestId = "r1" },
            SwitchCycleResponse.Parser,
            Ct);
        Assert.Equal(second, switched.ActiveParticipantId);
        Assert.Equal(3, switched.Version);
        Assert.False(switched.HasExpiredParticipantId);
        Assert.Equal(1, switched.Participants[0].CycleCount);

        var got = (await client.CallAsync("GetSession", new GetSessionRequest { SessionId = id }, GetSessionResponse.Parser, Ct)).State;
        Assert.Equal(3, got.Version);
        Assert.True(got.Participants[1].TimeRemainingMs <= 60_000);

        var paused = (await client.CallAsync("PauseSession", new PauseSessionRequest { SessionId = id }, PauseSessionResponse.Parser, Ct)).State;
        Assert.Equal(SessionStatus.Paused, paused.Status);
        Assert.False(paused.HasCycleStartedAtMs);
        Assert.False(paused.HasDeadlineAtMs);

        var resumed = (await client.CallAsync("ResumeSession", new ResumeSessionRequest { SessionId = id }, ResumeSessionResponse.Parser, Ct)).State;
        Assert.Equal(SessionStatus.Running, resumed.Status);

        var completed = (await client.CallAsync("CompleteSession", new CompleteSessionRequest { SessionId = id }, CompleteSessionResponse.Parser, Ct)).State;
        Assert.Equal(SessionStatus.Completed, completed.Status);
        Assert.True(completed.HasSessionCompletedAtMs);
        Assert.False(completed.HasActiveParticipantId);
        Assert.False(completed.HasCycleStartedAtMs);
        Assert.All(completed.Participants, p => Assert.False(p.IsActive));

        await client.CallAsync("DeleteSession", new DeleteSessionRequest { SessionId = id }, DeleteSessionResponse.Parser, Ct);
        await client.CallAsync("DeleteSession", new DeleteSessionRequest { SessionId = id }, DeleteSessionResponse.Parser, Ct);
        var gone = await client.CallRawAsync("GetSession", new GetSessionRequest { SessionId = id }, Ct);
        Assert.Equal((int)StatusCode.NotFound, gone.Status);
        Assert.Equal("SESSION_NOT_FOUND", gone.Message);
    }

    [Fact]
    public async Task ServerTime()
    {
        using var client = new SessionGrpcClient(server.Address);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var time = await client.CallAsync("GetServerTime", new GetServerTimeRequest(), GetServerTimeResponse.Parser, Ct);

        Assert.InRange(time.TimestampMs, before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000);
        Assert.Equal(time.TimestampMs, time.Timestamp.ToDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal("2.0.0", time.ServerVersion);
        Assert.Equal(50, time.DriftToleranceMs);
    }

    [Fact]
    public async Task ValidationErrorsCarryFieldPathsInBadRequest()
    {
        using var client = new SessionGrpcClient(server.Address);
        var create = NewSession();
        create.Participants[0].TotalTimeMs = 5;
        create.SyncMode = SyncMode.Unspecified;

        var result = await client.CallRawAsync("CreateSession", create, Ct);

        Assert.Equal((int)StatusCode.InvalidArgument, result.Status);
        Assert.Equal("VALIDATION_ERROR", result.Message);
        var status = result.Details!;
        Assert.Equal("Request validation failed", status.Message);
        var fields = status.Details[1].Unpack<BadRequest>().FieldViolations.Select(v => v.Field).ToList();
        Assert.Contains("participants.0.total_time_ms", fields);
        Assert.Contains("sync_mode", fields);
    }

    [Fact]
    public async Task EngineErrorsMapToTheirStatuses()
    {
        using var client = new SessionGrpcClient(server.Address);
        var create = NewSession();
        var id = create.SessionId;
        await client.CallAsync("CreateSession", create, CreateSessionResponse.Parser, Ct);

        var again = await client.CallRawAsync("CreateSession", create, Ct);
        Assert.Equal((int)StatusCode.AlreadyExists, again.Status);
        Assert.Equal("SESSION_ALREADY_EXISTS", again.Message);

        var pause = await client.CallRawAsync("PauseSession", new PauseSessionRequest { SessionId = id }, Ct);
        Assert.Equal((int)StatusCode.FailedPrecondition, pause.Status);
        Assert.Equal("INVALID_STATE_TRANSITION", pause.Message);
        Assert.Contains("pending", pause.Details!.Message, StringComparison.Ordinal);

        await client.CallAsync("StartSession", new StartSessionRequest { SessionId = id }, StartSessionResponse.Parser, Ct);
        var wrongTurn = await client.CallRawAsync(
            "SwitchCycle",
            new SwitchCycleRequest { SessionId = id, ExpectedActiveParticipantId = create.Participants[1].ParticipantId },
            Ct);
        Assert.Equal((int)StatusCode.Aborted, wrongTurn.Status);
        Assert.Equal("NOT_ACTIVE_PARTICIPANT", wrongTurn.Message);

        var missing = await client.CallRawAsync("StartSession", new StartSessionRequest { SessionId = Guid.NewGuid().ToString() }, Ct);
        Assert.Equal((int)StatusCode.NotFound, missing.Status);
        var notUuid = await client.CallRawAsync("GetSession", new GetSessionRequest { SessionId = "nope" }, Ct);
        Assert.Equal((int)StatusCode.NotFound, notUuid.Status);
    }

    [Fact]
    public async Task WatchSendsSnapshotThenEveryUpdateIncludingExpiryThenDeletedAndEnds()
    {
        using var client = new SessionGrpcClient(server.Address);
        var create = NewSession();
        var id = create.SessionId;

        // The second player has one second: the grain's timer expires the session once the turn passes to them.
        create.Participants[1].TotalTimeMs = 1_000;
        await client.CallAsync("CreateSession", create, CreateSessionResponse.Parser, Ct);

        await using var watch = await client.OpenStreamAsync("WatchSession", new WatchSessionRequest { SessionId = id }, WatchSessionResponse.Parser, Ct);
        var snapshot = await watch.ReadAsync(Ct).WaitAsync(Patience, Ct);
        Assert.Equal(WatchEventType.Snapshot, snapshot!.Type);
        Assert.Equal(1, snapshot.State.Version);

        await client.CallAsync("StartSession", new StartSessionRequest { SessionId = id }, StartSessionResponse.Parser, Ct);
        await client.CallAsync("SwitchCycle", new SwitchCycleRequest { SessionId = id }, SwitchCycleResponse.Parser, Ct);

        var start = await watch.ReadAsync(Ct).WaitAsync(Patience, Ct);
        Assert.Equal((WatchEventType.Update, 2L, SessionStatus.Running), (start!.Type, start.State.Version, start.State.Status));
        var switched = await watch.ReadAsync(Ct).WaitAsync(Patience, Ct);
        Assert.Equal((WatchEventType.Update, 3L), (switched!.Type, switched.State.Version));
        Assert.Equal(create.Participants[1].ParticipantId, switched.State.ActiveParticipantId);
        var expired = await watch.ReadAsync(Ct).WaitAsync(Patience, Ct);
        Assert.Equal((WatchEventType.Update, 4L, SessionStatus.Expired), (expired!.Type, expired.State.Version, expired.State.Status));
        Assert.True(expired.State.Participants[1].HasExpired);
        await client.CallAsync("DeleteSession", new DeleteSessionRequest { SessionId = id }, DeleteSessionResponse.Parser, Ct);
        var deleted = await watch.ReadAsync(Ct).WaitAsync(Patience, Ct);
        Assert.Equal(WatchEventType.Deleted, deleted!.Type);
        Assert.Null(deleted.State);
        Assert.Null(await watch.ReadAsync(Ct).WaitAsync(Patience, Ct));
        Assert.Equal("0", watch.Status);
    }

    [Fact]
    public async Task RedisDownIsUnavailableWithinTheStorageTimeout()
    {
        await using var own = new SessionGrpcServer();
        await own.InitializeAsync();
        using var client = new SessionGrpcClient(own.Address);
        await own.Redis.KillAsync();
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var result = await client.CallRawAsync("GetSession", new GetSessionRequest { SessionId = Guid.NewGuid().ToString() }, Ct).WaitAsync(Patience, Ct);

            Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
            Assert.Equal((int)StatusCode.Unavailable, result.Status);
            Assert.Equal("SERVICE_UNAVAILABLE", result.Message);
        }
        finally
        {
            // A silo stopping without its membership table waits a minute per stage (Orleans' own bound): give it back.
            await own.Redis.StartAsync();
        }
    }

    [Fact]
    public async Task ShutdownEndsOpenWatchesWithUnavailable()
    {
        var own = new SessionGrpcServer();
        await own.InitializeAsync();
        var stopped = false;
        try
        {
            using var client = new SessionGrpcClient(own.Address);
            var create = NewSession();
            await client.CallAsync("CreateSession", create, CreateSessionResponse.Parser, Ct);
            await using var watch = await client.OpenStreamAsync("WatchSession", new WatchSessionRequest { SessionId = create.SessionId }, WatchSessionResponse.Parser, Ct);
            Assert.Equal(WatchEventType.Snapshot, (await watch.ReadAsync(Ct).WaitAsync(Patience, Ct))!.Type);

            var stopping = own.DisposeAsync().AsTask();
            stopped = true;

            Assert.Null(await watch.ReadAsync(Ct).WaitAsync(Patience, Ct));
            Assert.Equal("14", watch.Status);
            Assert.Equal("SERVICE_UNAVAILABLE", watch.Message);
            await stopping.WaitAsync(Patience, Ct);
        }
        finally
        {
            if (!stopped)
            {
                await own.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task WatchOfAnUnknownSessionIsNotFound()
    {
        using var client = new SessionGrpcClient(server.Address);

        var result = await client.CallRawAsync("WatchSession", new WatchSessionRequest { SessionId = Guid.NewGuid().ToString() }, Ct);

        Assert.Equal((int)StatusCode.NotFound, result.Status);
        Assert.True(result.IsTrailersOnly);
    }

    [Fact]
    public async Task TwoWatchersOfOneSessionBothSeeUpdatesWhileAThirdLeaves()
    {
        using var client = new SessionGrpcClient(server.Address);
        var create = NewSession();
        var id = create.SessionId;
        await client.CallAsync("CreateSession", create, CreateSessionResponse.Parser, Ct);

        var leaving = await client.OpenStreamAsync("WatchSession", new WatchSessionRequest { SessionId = id }, WatchSessionResponse.Parser, Ct);
        await using var a = await client.OpenStreamAsync("WatchSession", new WatchSessionRequest { SessionId = id }, WatchSessionResponse.Parser, Ct);
        await using var b = await client.OpenStreamAsync("WatchSession", new WatchSessionRequest { SessionId = id }, WatchSessionResponse.Parser, Ct);
        foreach (var watch in new[] { leaving, a, b })
        {
            Assert.Equal(WatchEventType.Snapshot, (await watch.ReadAsync(Ct).WaitAsync(Patience, Ct))!.Type);
        }

        await leaving.DisposeAsync();
        await client.CallAsync("StartSession", new StartSessionRequest { SessionId = id }, StartSessionResponse.Parser, Ct);

        Assert.Equal(2, (await a.ReadAsync(Ct).WaitAsync(Patience, Ct))!.State.Version);
        Assert.Equal(2, (await b.ReadAsync(Ct).WaitAsync(Patience, Ct))!.State.Version);
    }
}
