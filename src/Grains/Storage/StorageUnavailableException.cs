namespace SyncKairos.Grains.Storage;

/// <summary>
/// Redis could not take or answer the write (timeout, connection loss, LOADING/BUSY/READONLY/MASTERDOWN/TRYAGAIN):
/// the caller gets 503 with Retry-After. Whether a timed-out write was applied is unknown.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>The stored version is not the one the activation holds: another activation wrote first, or the key expired.</summary>
public sealed class StorageFencedException(string sessionId, long expected, long stored)
    : Exception($"Session {sessionId}: the store holds version {stored}, this activation holds {expected}")
{
    public long StoredVersion { get; } = stored;
}
