using Microsoft.Extensions.Options;
using SyncKairos.Gateway.RateLimiting;

namespace SyncKairos.Gateway.Tests.Security;

public sealed class WebSocketConnectionLimiterUnitTests
{
    private readonly WebSocketConnectionLimiter _limiter = new(Options.Create(new RateLimitSettings { WebSocketConnectionsPerIp = 2 }));

    [Fact]
    public void EachAddressHasItsOwnSlotsAndAReleasedSlotIsReused()
    {
        var first = _limiter.TryAcquire("10.0.0.1");
        var second = _limiter.TryAcquire("10.0.0.1");
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(_limiter.TryAcquire("10.0.0.1"));
        Assert.NotNull(_limiter.TryAcquire("10.0.0.2"));

        first.Dispose();
        Assert.Equal(1, _limiter.OpenConnections("10.0.0.1"));
        Assert.NotNull(_limiter.TryAcquire("10.0.0.1"));
        Assert.Null(_limiter.TryAcquire("10.0.0.1"));
    }

    [Fact]
    public void DisposingALeaseTwiceFreesOneSlotAndForgetsIdleAddresses()
    {
        var released = new List<string>();
        _limiter.Released += released.Add;
        var lease = _limiter.TryAcquire("10.0.0.3")!;
        var other = _limiter.TryAcquire("10.0.0.3")!;
        lease.Dispose();
        lease.Dispose();
        Assert.Equal(1, _limiter.OpenConnections("10.0.0.3"));
        other.Dispose();
        Assert.Equal(0, _limiter.OpenConnections("10.0.0.3"));
        Assert.Equal(["10.0.0.3", "10.0.0.3"], released);
    }
}
