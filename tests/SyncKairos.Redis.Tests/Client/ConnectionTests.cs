using System.Text;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Tests.Client;

/// <summary>Everyday commands through one multiplexed connection, on every server kind.</summary>
public abstract class ConnectionTests(ServerFixture fixture)
{
    protected ServerFixture Fixture => fixture;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static string Key(string name) => $"t:{Guid.NewGuid():N}:{name}";

    [Fact]
    public async Task SetThenGetRoundTrips()
    {
        await using var redis = await RedisConnection.ConnectAsync(fixture.Options(), cancellationToken: Ct);
        var key = Key("k");
        var ok = await redis.ExecuteAsync("SET", [key, "hello"], Ct);
        Assert.Equal("OK", ok.AsString());
        var value = await redis.ExecuteAsync("GET", [key], Ct);
        Assert.Equal("hello", value.AsString());
        Assert.True((await redis.ExecuteAsync("GET", [Key("missing")], Ct)).IsNull);
        Assert.True(redis.IsConnected);
    }

    [Fact]
    public async Task BinaryValuesSurviveUnchanged()
    {
        await using var redis = await RedisConnection.ConnectAsync(fixture.Options(), cancellationToken: Ct);
        var key = Key("bin");
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await redis.ExecuteAsync("SET", [key, payload], Ct);
        var value = await redis.ExecuteAsync("GET", [key], Ct);
        Assert.Equal(payload, value.Bytes.ToArray());
    }

    [Fact]
    public async Task ErrorReplyThrowsAndConnectionStaysUp()
    {
        await using var redis = await RedisConnection.ConnectAsync(fixture.Options(), cancellationToken: Ct);
        var key = Key("list");
        await redis.ExecuteAsync("RPUSH", [key, "a"], Ct);
        var error = await Assert.ThrowsAsync<RedisServerException>(() => redis.ExecuteAsync("INCR", [key], Ct));
        Assert.Equal(RedisErrorKind.WrongType, error.Kind);
        Assert.Equal("WRONGTYPE", error.ErrorPrefix);
        Assert.Equal(1, (await redis.ExecuteAsync("LLEN", [key], Ct)).AsInt64());
        Assert.True(redis.IsConnected);
    }

    [Fact]
    public async Task ScriptRunsByShaAndItsErrorCarriesItsOwnPrefix()
    {
        await using var redis = await RedisConnection.ConnectAsync(fixture.Options(), cancellationToken: Ct);
        var key = Key("s");
        var script = new RedisScript("redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])");
        var value = await redis.EvalAsync(script, [key], ["v1"], Ct);
        Assert.Equal("v1", value.AsString());
        Assert.Equal("v2", (await redis.EvalAsync(script, [key], ["v2"], Ct)).AsString());

        // {err=...} rather than redis.error_reply: Garnet 2.2.8 prefixes error_reply texts with "ERR ".
        var failing = new RedisScript("return { err = 'INVALID_STATE_TRANSITION Session ' .. ARGV[1] .. ' is completed' }");
        var error = await Assert.ThrowsAsync<RedisServerException>(() => redis.EvalAsync(failing, [key], ["s-1"], Ct));
        Assert.Equal("INVALID_STATE_TRANSITION", error.ErrorPrefix);
        Assert.Equal("INVALID_STATE_TRANSITION Session s-1 is completed", error.Message);
        Assert.Equal(RedisErrorKind.Generic, error.Kind);
        Assert.Equal("v2", (await redis.ExecuteAsync("GET", [key], Ct)).AsString());
    }

    [Fact]
    public async Task ScriptShaMatchesTheServers()
    {
        await using var redis = await RedisConnection.ConnectAsync(fixture.Options(), cancellationToken: Ct);
        var script = new RedisScript("return 42");
        var sha = await redis.ExecuteAsync("SCRIPT", ["LOAD", script.Source], Ct);
        Assert.Equal(script.Sha1, sha.AsString());
    }

    [Fact]
    public async Task HandshakeSetsTheClientNameAndSelectsTheDatabase()
    {
        var options = fixture.Options();
        options.ClientName = $"sk-{Guid.NewGuid():N}";
        options.Database = 1;
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        Assert.Equal(options.ClientName, (await redis.ExecuteAsync("CLIENT", ["GETNAME"], Ct)).AsString());

        var key = Key("db");
        await redis.ExecuteAsync("SET", [key, "in db 1"], Ct);
        await using var db0 = await RedisConnection.ConnectAsync(fixture.Options(), cancellationToken: Ct);
        Assert.True((await db0.ExecuteAsync("GET", [key], Ct)).IsNull);
        await db0.ExecuteAsync("SELECT", [1], Ct);
        Assert.Equal("in db 1", (await db0.ExecuteAsync("GET", [key], Ct)).AsString());
    }

    [Fact]
    public async Task ContinuationsDoNotRunOnTheReaderLoop()
    {
        await using var redis = await RedisConnection.ConnectAsync(fixture.Options(), cancellationToken: Ct);
        var first = redis.ExecuteAsync("ECHO", ["first"], Ct);
        var second = redis.ExecuteAsync("ECHO", ["second"], Ct);

        // If the first continuation ran inline on the reader, blocking it would keep the second reply unread.
        var blocked = first.ContinueWith(
            _ => second.Wait(TimeSpan.FromSeconds(10)),
            Ct,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        Assert.True(await blocked, "the second reply never arrived while the first continuation blocked");
    }

}
