using System.Collections.Concurrent;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Tests.Client;

/// <summary>Many callers through one connection, and values far larger than one socket read.</summary>
public abstract class LoadTests(ServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Key(string name) => $"t:{Guid.NewGuid():N}:{name}";

    [Fact]
    public async Task TenThousandPipelinedIncrsFrom64CallersComeBackInOrder()
    {
        var options = fixture.Options();
        options.CommandTimeout = TimeSpan.FromSeconds(30);
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        var key = Key("counter");
        var seen = new ConcurrentBag<long>();
        var callers = Enumerable.Range(0, 64).Select(caller => Task.Run(
            async () =>
            {
                // Each caller fires its share without awaiting in between, so the writer coalesces them.
                var count = 10_000 / 64 + (caller < 10_000 % 64 ? 1 : 0);
                var replies = new Task<RespValue>[count];
                for (var i = 0; i < count; i++)
                {
                    replies[i] = redis.ExecuteAsync("INCR", [key], Ct);
                }

                var values = (await Task.WhenAll(replies)).Select(r => r.Integer).ToArray();
                for (var i = 1; i < values.Length; i++)
                {
                    Assert.True(values[i] > values[i - 1], "one caller's INCRs must come back in the order it sent them");
                }

                foreach (var value in values)
                {
                    seen.Add(value);
                }
            },
            Ct));
        await Task.WhenAll(callers);
        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), seen.Order());
        Assert.Equal(10_000, (await redis.ExecuteAsync("GET", [key], Ct)).AsInt64());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public async Task LargeBulkStringsRoundTrip(int mebibytes)
    {
        var options = fixture.Options();
        options.CommandTimeout = TimeSpan.FromSeconds(60);
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        var key = Key("big");
        var payload = new byte[mebibytes * 1024 * 1024];
        new Random(mebibytes).NextBytes(payload);
        try
        {
            await redis.ExecuteAsync("SET", [key, payload], Ct);

            // A small command pipelined right behind the big reply must still get its own answer.
            var get = redis.ExecuteAsync("GET", [key], Ct);
            var echo = redis.ExecuteAsync("ECHO", ["after"], Ct);
            var value = await get;
            Assert.Equal(payload.Length, value.Bytes.Length);
            Assert.True(payload.AsSpan().SequenceEqual(value.Bytes.Span), "the value read back differs from the one written");
            Assert.Equal("after", (await echo).AsString());
        }
        finally
        {
            await redis.ExecuteAsync("DEL", [key], CancellationToken.None);
        }
    }
}

public sealed class RedisLoadTests(RedisFixture fixture) : LoadTests(fixture), IClassFixture<RedisFixture>;

public sealed class GarnetLoadTests(GarnetFixture fixture) : LoadTests(fixture), IClassFixture<GarnetFixture>;
