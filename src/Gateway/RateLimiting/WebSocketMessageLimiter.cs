namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// The message budget of one WebSocket connection: a token bucket (<c>burst</c> messages at once, then
/// <c>perSecond</c>) kept in memory, since a connection lives on one instance. Refused messages add up as
/// strikes, one strike forgiven per second; a client with more than <c>floodTolerance</c> strikes is
/// flooding and is closed. A client slightly over the rate loses messages but is never closed.
/// Not thread-safe: one connection's receive loop is its only caller.
/// </summary>
public sealed class WebSocketMessageLimiter
{
    /// <summary>Strikes forgiven per second.</summary>
    public const double ForgivenPerSecond = 1;

    private readonly double _perSecond;
    private readonly int _burst;
    private readonly int _floodTolerance;
    private readonly TimeProvider _time;
    private double _tokens;
    private double _strikes;
    private long _last;
    private bool _told;

    public WebSocketMessageLimiter(int perSecond, int burst, int floodTolerance, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(floodTolerance, 1);
        ArgumentNullException.ThrowIfNull(time);
        _perSecond = perSecond;
        _burst = burst;
        _floodTolerance = floodTolerance;
        _time = time;
        _tokens = burst;
        _last = time.GetTimestamp();
    }

    public static WebSocketMessageLimiter From(RateLimitSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.WebSocketMessagesPerSecond, settings.WebSocketMessageBurst, settings.WebSocketFloodTolerance, time);
    }

    /// <summary>Counts one message and says what to do with it.</summary>
    public WebSocketMessageVerdict Admit()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_last, now).TotalSeconds;
        _last = now;
        _tokens = Math.Min(_burst, _tokens + (elapsed * _perSecond));
        _strikes = Math.Max(0, _strikes - (elapsed * ForgivenPerSecond));
        if (_tokens >= 1)
        {
            _tokens -= 1;
            _told = false;
            return WebSocketMessageVerdict.Accept;
        }

        _strikes += 1;
        if (_strikes > _floodTolerance)
        {
            return WebSocketMessageVerdict.Close;
        }

        if (_told)
        {
            return WebSocketMessageVerdict.Refuse;
        }

        _told = true;
        return WebSocketMessageVerdict.RefuseAndTell;
    }
}
