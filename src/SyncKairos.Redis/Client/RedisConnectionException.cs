namespace SyncKairos.Redis.Client;

/// <summary>
/// The link to the server failed (or could not be made). When <see cref="MayHaveExecuted"/> is true the
/// command had already been written and the server may have run it: the client never resends it.
/// </summary>
public class RedisConnectionException : Exception
{
    public RedisConnectionException(string message, bool mayHaveExecuted = false, Exception? innerException = null)
        : base(message, innerException)
    {
        MayHaveExecuted = mayHaveExecuted;
    }

    public bool MayHaveExecuted { get; }
}
