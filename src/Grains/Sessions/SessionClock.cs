namespace SyncKairos.Grains.Sessions;

/// <summary>
/// The clock the session rules read. Its own type, not the container's <see cref="TimeProvider"/>, because Orleans
/// reads that one for membership and timers: a test can freeze session time without freezing the cluster.
/// </summary>
public sealed class SessionClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();
}
