namespace SyncKairos.Redis.Client;

/// <summary>One link of the subscriber and what lives and dies with it.</summary>
internal sealed class SubscriberSession
{
    private int _broken;

    public SubscriberSession(RedisLink link, long now)
    {
        Link = link;
        LastReadAt = now;
    }

    public RedisLink Link { get; }

    /// <summary>Writes come from many callers and the heartbeat; the pipe takes one writer at a time.</summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    public CancellationTokenSource Stop { get; } = new();

    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long LastReadAt { get; set; }

    public bool IsBroken => Volatile.Read(ref _broken) != 0;

    public bool TryMarkBroken() => Interlocked.Exchange(ref _broken, 1) == 0;
}
