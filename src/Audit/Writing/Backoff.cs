namespace SyncKairos.Audit.Writing;

/// <summary>Exponential backoff: the first delay, then doubling up to the cap.</summary>
internal sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public Backoff(TimeSpan initial, TimeSpan max)
    {
        _initial = initial;
        _max = max;
        _next = initial;
    }

    public int Failures { get; private set; }

    public TimeSpan Next()
    {
        var delay = _next < _max ? _next : _max;
        Failures++;
        _next = TimeSpan.FromTicks(Math.Min(_max.Ticks, _next.Ticks * 2));
        return delay;
    }

    public void Reset()
    {
        _next = _initial;
        Failures = 0;
    }
}
