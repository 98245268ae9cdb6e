using System.Text;
using Microsoft.Extensions.Time.Testing;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Protocol;
using SyncKairos.Testing;

namespace SyncKairos.Redis.Tests.Client;

/// <summary>
/// Failures of the server and of the link. These tests kill, pause and restart servers, so each one owns its
/// own server process instead of sharing a fixture.
/// </summary>
public abstract class ResilienceTests(ServerKind kind)
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static string Key(string name) => $"t:{Guid.NewGuid():N}:{name}";

    protected Task<RedisServerProcess> StartServerAsync() => RedisServerProcess.StartAsync(kind);

    protected static RedisOptions OptionsFor(RedisServerProcess server) => new()
    {
        Host = server.Host,
        Port = server.Port,
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),

        // Not the 2 s default: on a loaded machine a healthy server can take that long to answer (Garnet most of
        // all), and a timeout here is not what these tests are about. Tests of timeouts set their own.
        CommandTimeout = TimeSpan.FromSeconds(10),
    };

    protected static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task SigkillWithThousandsInFlightThenRestart()
    {
        await using var server = await StartServerAsync();
        var options = OptionsFor(server);
        options.CommandTimeout = TimeSpan.FromSeconds(10);
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        var reconnected = Signal();
        redis.Reconnected += () => reconnected.TrySetResult();

        // The server is stopped while the commands go out, and killed only once they are on the wire: however
        // loaded the machine, the kill cannot come before the writer sent anything, nor after every reply.
        var key = Key("n");
        server.Suspend();
        var inFlight = Enumerable.Range(0, 5000).Select(_ => redis.ExecuteAsync("INCR", [key], Ct)).ToArray();
        var sending = System.Diagnostics.Stopwatch.StartNew();
        while (server.UnreadBytes() == 0)
        {
            Assert.True(sending.Elapsed < Patience, "no command reached the server's socket");
            await Task.Yield();
        }

        await server.KillAsync();
        var more = Enumerable.Range(0, 1000).Select(_ => redis.ExecuteAsync("INCR", [key], Ct)).ToArray();
        await server.StartAsync();

        int ok = 0, mayHave = 0, notSent = 0;
        foreach (var call in inFlight.Concat(more))
        {
            try
            {
                await call.WaitAsync(Patience, Ct);
                ok++;
            }
            catch (RedisConnectionException ex)
            {
                _ = ex.MayHaveExecuted ? mayHave++ : notSent++;
            }
            catch (RedisTimeoutException ex)
            {
                _ = ex.MayHaveExecuted ? mayHave++ : notSent++;
            }
        }

        Assert.Equal(6000, ok + mayHave + notSent);
        Assert.True(mayHave > 0, "commands caught in flight must say they may have executed");

        await reconnected.Task.WaitAsync(Patience, Ct);
        Assert.True(redis.IsConnected);
        Assert.Equal(1, (await redis.ExecuteAsync("INCR", [Key("fresh")], Ct)).Integer);
    }

    [Fact]
    public async Task ClientKillTypeNormalReconnects()
    {
        await using var server = await StartServerAsync();
        var options = OptionsFor(server);
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        await using var admin = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        var reconnected = Signal();
        redis.Reconnected += () => reconnected.TrySetResult();
        var key = Key("k");
        await redis.ExecuteAsync("SET", [key, "v"], Ct);

        var killed = await admin.ExecuteAsync("CLIENT", ["KILL", "TYPE", "normal", "SKIPME", "yes"], Ct);
        Assert.True(killed.Integer >= 1);
        await reconnected.Task.WaitAsync(Patience, Ct);
        Assert.Equal("v", (await redis.ExecuteAsync("GET", [key], Ct)).AsString());
    }

    [Fact]
    public async Task ScriptFlushBetweenCallsIsRecoveredTransparently()
    {
        await using var server = await StartServerAsync();
        var logger = new RecordingLogger();
        await using var redis = await RedisConnection.ConnectAsync(OptionsFor(server), logger, Ct);
        var script = new RedisScript("return redis.call('INCR', KEYS[1])");
        var key = Key("n");
        Assert.Equal(1, (await redis.EvalAsync(script, [key], [], Ct)).Integer);
        await redis.ExecuteAsync("SCRIPT", ["FLUSH"], Ct);
        Assert.Equal(0, (await redis.ExecuteAsync("SCRIPT", ["EXISTS", script.Sha1], Ct)).Items[0].Integer);

        Assert.Equal(2, (await redis.EvalAsync(script, [key], [], Ct)).Integer);
        Assert.Equal(1, logger.Count(1109));
        Assert.Equal(3, (await redis.EvalAsync(script, [key], [], Ct)).Integer);
        Assert.Equal(1, logger.Count(1109));
    }

    [Fact]
    public async Task SuspendedServerTimesOutCommandsAndBackPressureCapsTheRest()
    {
        await using var server = await StartServerAsync();
        var options = OptionsFor(server);
        options.CommandTimeout = TimeSpan.FromSeconds(1);
        options.MaxOutstandingCommands = 2;
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        var key = Key("k");
        await redis.ExecuteAsync("SET", [key, "v"], Ct);

        server.Suspend();
        try
        {
            var first = redis.ExecuteAsync("GET", [key], Ct);
            var second = redis.ExecuteAsync("GET", [key], Ct);
            var third = redis.ExecuteAsync("GET", [key], Ct);
            var written = await Assert.ThrowsAsync<RedisTimeoutException>(() => first);
            Assert.True(written.MayHaveExecuted);
            await Assert.ThrowsAsync<RedisTimeoutException>(() => second);
            var capped = await Assert.ThrowsAsync<RedisTimeoutException>(() => third);
            Assert.False(capped.MayHaveExecuted);
            Assert.Contains("outstanding", capped.Message, StringComparison.Ordinal);
        }
        finally
        {
            server.Resume();
        }

        // The late replies of the timed-out GETs are swallowed; every later command gets its own answer.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"echo-{i}", (await redis.ExecuteAsync("ECHO", [$"echo-{i}"], Ct)).AsString());
        }
    }

    [Fact]
    public async Task CancelledCommandLeavesThePipelineIntact()
    {
        await using var server = await StartServerAsync();
        await using var redis = await RedisConnection.ConnectAsync(OptionsFor(server), cancellationToken: Ct);
        server.Suspend();
        Task<RespValue> cancelled;
        try
        {
            using var cts = new CancellationTokenSource();
            cancelled = redis.ExecuteAsync("ECHO", ["cancelled"], cts.Token);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        }
        finally
        {
            server.Resume();
        }

        Assert.Equal("next", (await redis.ExecuteAsync("ECHO", ["next"], Ct)).AsString());
    }

    [Fact]
    public async Task DeadLinkIsDetectedByTheHeartbeat()
    {
        await using var server = await StartServerAsync();
        var options = OptionsFor(server);
        options.CommandTimeout = TimeSpan.FromSeconds(30);
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        options.DeadConnectionTimeout = TimeSpan.FromMilliseconds(500);
        options.ConnectTimeout = TimeSpan.FromMilliseconds(500);
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        var reconnected = Signal();
        redis.Reconnected += () => reconnected.TrySetResult();
        server.Suspend();
        try
        {
            // Without the heartbeat this would wait for the 30 s command timeout.
            var stuck = redis.ExecuteAsync("ECHO", ["stuck"], Ct);
            var error = await Assert.ThrowsAsync<RedisConnectionException>(() => stuck.WaitAsync(TimeSpan.FromSeconds(10), Ct));
            Assert.True(error.MayHaveExecuted);
        }
        finally
        {
            server.Resume();
        }

        await reconnected.Task.WaitAsync(Patience, Ct);
        Assert.Equal("alive", (await redis.ExecuteAsync("ECHO", ["alive"], Ct)).AsString());
    }

    [Fact]
    public async Task CommandsWaitingForTheLinkAreSentAfterReconnect()
    {
        await using var server = await StartServerAsync();
        var options = OptionsFor(server);
        options.CommandTimeout = TimeSpan.FromSeconds(15);
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        var disconnected = Signal();
        redis.Disconnected += () => disconnected.TrySetResult();
        await server.KillAsync();
        await disconnected.Task.WaitAsync(Patience, Ct);
        Assert.False(redis.IsConnected);

        // The link is known broken now; a new command waits, unwritten, for the next link.
        var waiting = redis.ExecuteAsync("ECHO", ["queued"], Ct);
        await server.StartAsync();
        Assert.Equal("queued", (await waiting.WaitAsync(Patience, Ct)).AsString());
    }

    [Fact]
    public async Task DisposeFailsWhatIsStillPending()
    {
        await using var server = await StartServerAsync();
        var redis = await RedisConnection.ConnectAsync(OptionsFor(server), cancellationToken: Ct);
        server.Suspend();
        try
        {
            var pending = redis.ExecuteAsync("ECHO", ["never"], Ct);
            await redis.DisposeAsync();
            var error = await Assert.ThrowsAnyAsync<Exception>(() => pending.WaitAsync(Patience, Ct));

            // Written before the dispose: may have executed; still queued: simply refused.
            Assert.True(error is RedisConnectionException { MayHaveExecuted: true } or ObjectDisposedException, error.ToString());
            await Assert.ThrowsAsync<ObjectDisposedException>(() => redis.ExecuteAsync("PING", Ct));
        }
        finally
        {
            server.Resume();
        }
    }

    [Fact]
    public async Task CommandTimeoutFollowsTheInjectedClock()
    {
        await using var server = await StartServerAsync();
        var time = new FakeTimeProvider();
        var options = OptionsFor(server);
        options.CommandTimeout = TimeSpan.FromSeconds(2);
        await using var redis = await RedisConnection.ConnectAsync(options, time, cancellationToken: Ct);
        var key = Key("k");
        await redis.ExecuteAsync("SET", [key, "v"], Ct);

        server.Suspend();
        try
        {
            // No token: the task returned is the command's own, so it completes inside Advance.
            var call = redis.ExecuteAsync("GET", [key], CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(1.9));
            Assert.False(call.IsCompleted, "timed out before the command timeout had passed");
            time.Advance(TimeSpan.FromSeconds(0.3));

            // A sweep can run while the writer thread moves the command from the queue to the sent list and miss
            // it there; a later sweep sees it. Keep the clock moving in small steps, bounded in real time (a loaded
            // machine may take a while to schedule the writer), not in steps.
            var polling = System.Diagnostics.Stopwatch.StartNew();
            while (!call.IsCompleted && polling.Elapsed < Patience)
            {
                await Task.Delay(20, Ct);
                time.Advance(TimeSpan.FromMilliseconds(100));
            }

            Assert.True(call.IsCompleted, "not timed out once the command timeout had passed");
            await Assert.ThrowsAsync<RedisTimeoutException>(() => call);
        }
        finally
        {
            server.Resume();
        }

        Assert.Equal("after", (await redis.ExecuteAsync("ECHO", ["after"], Ct)).AsString());
    }
}
