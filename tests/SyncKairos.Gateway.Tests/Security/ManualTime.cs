namespace SyncKairos.Gateway.Tests.Security;

/// <summary>A clock that moves only when a test says so (timestamps only; that is all the limiters read).</summary>
public sealed class ManualTime : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
