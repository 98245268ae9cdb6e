namespace SyncKairos.Redis.Client;

/// <summary>
/// A command got no reply within the command timeout. When <see cref="MayHaveExecuted"/> is true it had been
/// written and may still run; its late reply is consumed and discarded, never given to another command.
/// </summary>
public sealed class RedisTimeoutException : TimeoutException
{
    public RedisTimeoutException(string message, bool mayHaveExecuted)
        : base(message)
    {
        MayHaveExecuted = mayHaveExecuted;
    }

    public bool MayHaveExecuted { get; }
}
