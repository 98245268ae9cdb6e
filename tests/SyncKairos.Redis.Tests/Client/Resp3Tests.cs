using SyncKairos.Redis.Client;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Tests.Client;

/// <summary>Replies of real servers decoded under RESP3 (HELLO 3) and under the RESP2 fallback.</summary>
public abstract class Resp3Tests(ServerFixture fixture)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected ServerFixture Fixture => fixture;

    private static string Key(string name) => $"t:{Guid.NewGuid():N}:{name}";

    [Fact]
    public async Task MapsSetsDoublesNullsBooleansAndBigNumbers()
    {
        await using var redis = await RedisConnection.ConnectAsync(fixture.Options(), cancellationToken: Ct);
        var hash = Key("h");
        var set = Key("s");
        var zset = Key("z");
        await redis.ExecuteAsync("HSET", [hash, "a", "1", "b", "2"], Ct);
        await redis.ExecuteAsync("SADD", [set, "x", "y"], Ct);
        await redis.ExecuteAsync("ZADD", [zset, "1.5", "m"], Ct);

        var map = await redis.ExecuteAsync("HGETALL", [hash], Ct);
        Assert.Equal(RespType.Map, map.Type);
        Assert.Equal(["a", "1", "b", "2"], Pairs(map));

        var members = await redis.ExecuteAsync("SMEMBERS", [set], Ct);
        Assert.Equal(RespType.Set, members.Type);
        Assert.Equal(["x", "y"], members.Items.Select(i => i.AsString()).Order());

        var score = await redis.ExecuteAsync("ZSCORE", [zset, "m"], Ct);
        Assert.Equal(RespType.Double, score.Type);
        Assert.Equal(1.5, score.Double);

        var missing = await redis.ExecuteAsync("GET", [Key("none")], Ct);
        Assert.Equal(RespType.Null, missing.Type);

        // A script's Lua booleans become RESP3 booleans only after redis.setresp(3).
        var truth = await redis.ExecuteAsync("EVAL", ["redis.setresp(3) return true", 0], Ct);
        Assert.Equal(RespType.Boolean, truth.Type);
        Assert.Equal(1, truth.Integer);
        var falsehood = await redis.ExecuteAsync("EVAL", ["redis.setresp(3) return false", 0], Ct);
        Assert.Equal(RespType.Boolean, falsehood.Type);
        Assert.Equal(0, falsehood.Integer);

        var number = await redis.ExecuteAsync("EVAL", ["return {double = 3.5}", 0], Ct);
        Assert.Equal(RespType.Double, number.Type);
        Assert.Equal(3.5, number.Double);
    }

    [Fact]
    public async Task Resp2FallbackFlattensMapsAndKeepsWorking()
    {
        var options = fixture.Options();
        options.UseResp3 = false;
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        var hash = Key("h");
        await redis.ExecuteAsync("HSET", [hash, "a", "1"], Ct);
        var flat = await redis.ExecuteAsync("HGETALL", [hash], Ct);
        Assert.Equal(RespType.Array, flat.Type);
        Assert.Equal(["a", "1"], flat.Items.Select(i => i.AsString()));
        Assert.True((await redis.ExecuteAsync("GET", [Key("none")], Ct)).IsNull);
    }

    private static IEnumerable<string?> Pairs(RespValue map)
    {
        var pairs = map.Items.Chunk(2).Select(p => (Key: p[0].AsString(), Value: p[1].AsString())).OrderBy(p => p.Key);
        return pairs.SelectMany(p => new[] { p.Key, p.Value });
    }
}

public sealed class RedisResp3Tests(RedisFixture redis) : Resp3Tests(redis), IClassFixture<RedisFixture>
{
    [Fact]
    public async Task BigNumbersFromScripts()
    {
        // Redis only: Garnet 2.2.8 has no Lua big_number conversion.
        await using var redis = await RedisConnection.ConnectAsync(Fixture.Options(), cancellationToken: Ct);
        var big = await redis.ExecuteAsync("EVAL", ["return {big_number = '123456789012345678901234567890'}", 0], Ct);
        Assert.Equal(RespType.BigNumber, big.Type);
        Assert.Equal("123456789012345678901234567890", big.AsString());
    }
}

public sealed class GarnetResp3Tests(GarnetFixture fixture) : Resp3Tests(fixture), IClassFixture<GarnetFixture>;
