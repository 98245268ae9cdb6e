namespace SyncKairos.Audit.Writing;

/// <summary>Lua run with ScriptEvaluateAsync: each check-and-act on the lease must be atomic, or a lost lease could still act.</summary>
internal static class AuditQueueScripts
{
    /// <summary>KEYS[1] lease; ARGV[1] token, ARGV[2] lease ms. Extends the lease only if it is still ours.</summary>
    public const string Renew = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    /// <summary>KEYS[1] lease; ARGV[1] token. Deletes the lease only if it is still ours.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    /// <summary>
    /// KEYS[1] lease, KEYS[2] queue, KEYS[3] dead-letter list; ARGV[1] token, ARGV[2] batch length n,
    /// ARGV[3] first and ARGV[4] last entry of the batch as read, ARGV[5..] dead-letter entries.
    /// Trims exactly the batch that was written, and only while we hold the lease and the batch is still
    /// at the head (fencing: a writer that lost its lease must not trim events nobody has written).
    /// Returns the remaining queue length, -1 when the lease is not ours, -2 when the head moved.
    /// </summary>
    public const string Trim = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
            return -1
        end
        local n = tonumber(ARGV[2])
        if redis.call('LINDEX', KEYS[2], 0) ~= ARGV[3] or redis.call('LINDEX', KEYS[2], n - 1) ~= ARGV[4] then
            return -2
        end
        for i = 5, #ARGV do
            redis.call('RPUSH', KEYS[3], ARGV[i])
        end
        redis.call('LTRIM', KEYS[2], n, -1)
        return redis.call('LLEN', KEYS[2])
        """;
}
