using SyncKairos.Redis.Client;
using SyncKairos.Testing;

namespace SyncKairos.Redis.Tests.Client;

public sealed class RedisResilienceTests() : ResilienceTests(ServerKind.Redis)
{
    // Redis only: Garnet 2.2.8 answers "ERR unknown subcommand 'PAUSE'".
    [Fact]
    public async Task ClientPauseRaisesTimeoutsAndLateRepliesAreDiscarded()
    {
        await using var server = await StartServerAsync();
        var options = OptionsFor(server);
        // The pause outlasts the command timeout by seconds, so the paused commands time out however late a loaded
        // machine gets round to sending them.
        options.CommandTimeout = TimeSpan.FromSeconds(1);
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        await using var admin = await RedisConnection.ConnectAsync(OptionsFor(server), cancellationToken: Ct);
        var key = Key("k");
        await admin.ExecuteAsync("SET", [key, "value"], Ct);

        await admin.ExecuteAsync("CLIENT", ["PAUSE", 5000, "ALL"], Ct);
        var paused = Enumerable.Range(0, 5).Select(i => redis.ExecuteAsync("ECHO", [$"paused-{i}"], Ct)).ToArray();
        var written = new List<bool>();
        foreach (var call in paused)
        {
            written.Add((await Assert.ThrowsAsync<RedisTimeoutException>(() => call)).MayHaveExecuted);
        }

        // On a loaded machine a command might time out before the writer got to it; most are on the wire.
        Assert.Contains(true, written);

        // Retry until the pause is over; each reply must be the answer to its own command, never a late one.
        var answered = false;
        for (var attempt = 0; attempt < 100 && !answered; attempt++)
        {
            try
            {
                Assert.Equal($"probe-{attempt}", (await redis.ExecuteAsync("ECHO", [$"probe-{attempt}"], Ct)).AsString());
                answered = true;
            }
            catch (RedisTimeoutException)
            {
            }
        }

        Assert.True(answered, "the server never answered after the pause");
        Assert.Equal("value", (await redis.ExecuteAsync("GET", [key], Ct)).AsString());
        Assert.Equal(1, (await redis.ExecuteAsync("INCR", [Key("n")], Ct)).Integer);
        Assert.True(redis.IsConnected);
    }

    // Redis only: Garnet runs without ACLs unless started with an authenticator ("ACL Authenticator is disabled").
    [Fact]
    public async Task AclUserWithWrongPasswordGetsAClearErrorAndNoRetryLoop()
    {
        await using var server = await StartServerAsync();
        await using var admin = await RedisConnection.ConnectAsync(OptionsFor(server), cancellationToken: Ct);
        var user = $"app{Guid.NewGuid():N}";
        await admin.ExecuteAsync("ACL", ["SETUSER", user, "on", ">right", "~*", "+@all"], Ct);

        var wrong = OptionsFor(server);
        wrong.User = user;
        wrong.Password = "wrong";
        var error = await Assert.ThrowsAsync<RedisServerException>(() => RedisConnection.ConnectAsync(wrong, cancellationToken: Ct));
        Assert.Equal(RedisErrorKind.WrongPass, error.Kind);
        Assert.True(error.IsAuthenticationFailure);

        // Connected with the right password, then the password changes and the link drops: waiting commands
        // get the authentication error at once, and reconnect attempts back off instead of spinning.
        var right = OptionsFor(server);
        right.User = user;
        right.Password = "right";
        right.CommandTimeout = TimeSpan.FromSeconds(15);
        right.ReconnectBaseDelay = TimeSpan.FromMilliseconds(100);
        right.ReconnectMaxDelay = TimeSpan.FromSeconds(2);
        var logger = new RecordingLogger();
        await using var redis = await RedisConnection.ConnectAsync(right, logger, Ct);
        Assert.Equal("PONG", (await redis.ExecuteAsync("PING", Ct)).AsString());
        await admin.ExecuteAsync("ACL", ["SETUSER", user, "resetpass", ">changed"], Ct);
        await admin.ExecuteAsync("CLIENT", ["KILL", "USER", user], Ct);

        var started = TimeProvider.System.GetTimestamp();
        RedisServerException? refused = null;
        for (var i = 0; i < 100 && refused is null; i++)
        {
            try
            {
                await redis.ExecuteAsync("PING", Ct);
            }
            catch (RedisServerException ex)
            {
                refused = ex;
            }
            catch (RedisConnectionException)
            {
                // The PING that was in flight when the link dropped.
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(RedisErrorKind.WrongPass, refused.Kind);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"the authentication error took {elapsed}");
        var attempts = logger.Count(1103);
        var bound = 2 + (int)(elapsed.TotalMilliseconds / 50);
        Assert.True(attempts <= bound, $"{attempts} reconnect attempts in {elapsed.TotalMilliseconds} ms is a retry loop");
    }

    // Redis only: it can hide HELLO (rename-command) to play a server that predates RESP3.
    [Fact]
    public async Task ServerWithoutHelloGetsAuthAndSetnameOverResp2()
    {
        await using var server = await RedisServerProcess.StartAsync(ServerKind.Redis, "--rename-command", "HELLO", "");
        await using (var admin = await RedisConnection.ConnectAsync(OptionsFor(server), cancellationToken: Ct))
        {
            await admin.ExecuteAsync("CONFIG", ["SET", "requirepass", "s3cret"], Ct);
        }

        var options = OptionsFor(server);
        options.Password = "s3cret";
        options.ClientName = "legacy";
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        var hash = Key("h");
        await redis.ExecuteAsync("HSET", [hash, "a", "1"], Ct);
        Assert.Equal(SyncKairos.Redis.Protocol.RespType.Array, (await redis.ExecuteAsync("HGETALL", [hash], Ct)).Type);
        Assert.Equal("legacy", (await redis.ExecuteAsync("CLIENT", ["GETNAME"], Ct)).AsString());

        options.Password = "wrong";
        var error = await Assert.ThrowsAsync<RedisServerException>(() => RedisConnection.ConnectAsync(options, cancellationToken: Ct));
        Assert.True(error.IsAuthenticationFailure, error.Message);
    }
}
