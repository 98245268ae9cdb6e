using Microsoft.Extensions.Time.Testing;
using SyncKairos.Gateway.RateLimiting;
using static SyncKairos.Gateway.RateLimiting.WebSocketMessageVerdict;

namespace SyncKairos.Gateway.Tests.Security;

public sealed class WebSocketMessageLimiterUnitTests
{
    private readonly FakeTimeProvider _time = new();

    private List<WebSocketMessageVerdict> Send(WebSocketMessageLimiter limiter, int messages) =>
        [.. Enumerable.Range(0, messages).Select(_ => limiter.Admit())];

    [Fact]
    public void BurstIsAcceptedThenTheFirstRefusalIsToldAndTheRestAreSilent()
    {
        var limiter = new WebSocketMessageLimiter(perSecond: 2, burst: 3, floodTolerance: 10, _time);
        Assert.Equal([Accept, Accept, Accept, RefuseAndTell, Refuse, Refuse], Send(limiter, 6));
    }

    [Fact]
    public void TokensComeBackAtTheRateAndANewRunOfRefusalsIsToldAgain()
    {
        var limiter = new WebSocketMessageLimiter(perSecond: 2, burst: 3, floodTolerance: 10, _time);
        Send(limiter, 4);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(Refuse, limiter.Admit());
        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal([Accept, RefuseAndTell], Send(limiter, 2));

        // A long pause refills the bucket to the burst, never beyond it.
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal([Accept, Accept, Accept, RefuseAndTell], Send(limiter, 4));
    }

    [Fact]
    public void AClientThatKeepsFloodingIsClosedAfterTheTolerance()
    {
        var limiter = new WebSocketMessageLimiter(perSecond: 1, burst: 2, floodTolerance: 5, _time);
        var verdicts = Send(limiter, 2 + 5 + 1);
        Assert.Equal([Accept, Accept, RefuseAndTell, Refuse, Refuse, Refuse, Refuse, Close], verdicts);
    }

    [Fact]
    public void AClientSlightlyOverTheRateLosesMessagesButIsNeverClosed()
    {
        // 10/s allowed, the client sends 11/s for ten minutes: one refusal a second, one strike forgiven a second.
        var limiter = new WebSocketMessageLimiter(perSecond: 10, burst: 10, floodTolerance: 3, _time);
        var verdicts = new List<WebSocketMessageVerdict>();
        for (var i = 0; i < 11 * 600; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1.0 / 11));
            verdicts.Add(limiter.Admit());
        }

        Assert.DoesNotContain(Close, verdicts);
        Assert.InRange(verdicts.Count(v => v != Accept), 500, 700);
    }

    [Fact]
    public void StrikesAreForgivenOverTime()
    {
        var limiter = new WebSocketMessageLimiter(perSecond: 1, burst: 1, floodTolerance: 3, _time);
        Assert.Equal([Accept, RefuseAndTell, Refuse, Refuse], Send(limiter, 4));

        // Three strikes; ten quiet seconds forgive them all, so the same flood again is not yet a close.
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([Accept, RefuseAndTell, Refuse, Refuse, Close], Send(limiter, 5));
    }

    [Fact]
    public void SettingsAreTheLimiterParameters()
    {
        var settings = new RateLimitSettings { WebSocketMessagesPerSecond = 1, WebSocketMessageBurst = 2, WebSocketFloodTolerance = 1 };
        var limiter = WebSocketMessageLimiter.From(settings, _time);
        Assert.Equal([Accept, Accept, RefuseAndTell, Close], Send(limiter, 4));
    }
}
