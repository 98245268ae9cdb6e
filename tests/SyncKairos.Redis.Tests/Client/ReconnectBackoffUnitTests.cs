using SyncKairos.Redis.Client;

namespace SyncKairos.Redis.Tests.Client;

public class ReconnectBackoffUnitTests
{
    [Fact]
    public void DoublesPerAttemptWithJitterAndStopsAtTheCap()
    {
        var options = new RedisOptions { ReconnectBaseDelay = TimeSpan.FromMilliseconds(100), ReconnectMaxDelay = TimeSpan.FromSeconds(1) };
        for (var round = 0; round < 200; round++)
        {
            AssertWithin(ReconnectBackoff.Delay(options, 1), 50, 100);
            AssertWithin(ReconnectBackoff.Delay(options, 2), 100, 200);
            AssertWithin(ReconnectBackoff.Delay(options, 4), 400, 800);
            AssertWithin(ReconnectBackoff.Delay(options, 5), 500, 1000);
            AssertWithin(ReconnectBackoff.Delay(options, 1000), 500, 1000);
        }
    }

    [Fact]
    public void JitterSpreadsClientsApart()
    {
        var options = new RedisOptions();
        var delays = Enumerable.Range(0, 50).Select(_ => ReconnectBackoff.Delay(options, 3)).Distinct().Count();
        Assert.True(delays > 10, "fifty clients reconnecting at once must not all pick the same delay");
    }

    private static void AssertWithin(TimeSpan delay, double lowMs, double highMs) =>
        Assert.InRange(delay.TotalMilliseconds, lowMs, highMs);
}
