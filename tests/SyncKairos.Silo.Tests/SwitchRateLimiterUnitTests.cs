using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Sessions;

namespace SyncKairos.Silo.Tests;

public sealed class SwitchRateLimiterUnitTests
{
    [Fact]
    public void Allows_the_limit_per_window_then_answers_429_with_retry_after()
    {
        var limiter = new SwitchRateLimiter(new SwitchRateLimitOptions { SwitchPerSecond = 10, SwitchWindow = TimeSpan.FromSeconds(1) });
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(limiter.TryAcquire(1_000_000));
        }

        var refused = limiter.TryAcquire(1_000_000);
        Assert.Equal(ErrorCodes.RATE_LIMIT_EXCEEDED, refused?.Code);
        Assert.Equal(1, refused!.RetryAfterSeconds);
        Assert.Null(limiter.TryAcquire(1_000_100));
    }

    [Fact]
    public void Disabled_never_refuses()
    {
        var limiter = new SwitchRateLimiter(new SwitchRateLimitOptions { Enabled = false, SwitchPerSecond = 1 });
        Assert.All(Enumerable.Range(0, 100), _ => Assert.Null(limiter.TryAcquire(0)));
    }
}
