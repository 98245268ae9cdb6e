namespace SyncKairos.Redis.Client;

/// <summary>The state that lives and dies with one <see cref="RedisLink"/>: the FIFO of written commands and the loops.</summary>
internal sealed class LinkSession
{
    private int _broken;

    public LinkSession(RedisLink link, long now)
    {
        Link = link;
        LastReadAt = now;
    }

    public RedisLink Link { get; }

    public object SentLock { get; } = new();

    /// <summary>Written commands in wire order; guarded by <see cref="SentLock"/>.</summary>
    public Queue<PendingCommand> Sent { get; } = new();

    /// <summary>Set under <see cref="SentLock"/> once the session is broken; nothing is added after.</summary>
    public bool Closed { get; set; }

    public CancellationTokenSource Stop { get; } = new();

    public Task WriterTask { get; set; } = Task.CompletedTask;

    /// <summary>Completed once both loops stopped and the link is disposed.</summary>
    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long LastReadAt { get; set; }

    public long LastWriteAt { get; set; }

    public bool IsBroken => Volatile.Read(ref _broken) != 0;

    /// <summary>True for exactly one caller: the one that gets to tear this session down.</summary>
    public bool TryMarkBroken() => Interlocked.Exchange(ref _broken, 1) == 0;
}
