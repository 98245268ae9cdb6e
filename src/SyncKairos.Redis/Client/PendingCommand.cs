using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Client;

/// <summary>
/// A command on its way: queued, then written and awaiting its reply. Once written it stays in the FIFO of
/// written commands even after its caller gave up (timeout, cancellation), so its late reply is consumed.
/// </summary>
internal sealed class PendingCommand : TaskCompletionSource<RespValue>
{
    public PendingCommand(string command, RedisArg[] args, long createdAt, bool isInternal)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Command = command;
        Args = args;
        CreatedAt = createdAt;
        IsInternal = isInternal;
    }

    public string Command { get; }

    public RedisArg[] Args { get; }

    /// <summary>TimeProvider timestamp when the caller asked; the command timeout runs from here.</summary>
    public long CreatedAt { get; }

    public long WrittenAt { get; set; }

    /// <summary>Heartbeat PINGs: nobody awaits them and they hold no outstanding slot.</summary>
    public bool IsInternal { get; }

    public void Fail(Exception error)
    {
        if (IsInternal)
        {
            TrySetCanceled();
        }
        else
        {
            TrySetException(error);
        }
    }
}
