namespace SyncKairos.Redis.Sessions;

/// <summary>Key layout and timing of the session store and its expiry sweeper.</summary>
public sealed class SessionStoreOptions
{
    /// <summary>Sliding TTL of a session's state, refreshed on every change; running sessions also live past their deadline.</summary>
    public int SessionTtlSeconds { get; set; } = 3600;

    /// <summary>How many deadline sorted sets the sessions are spread over (by a stable hash of the id).</summary>
    public int DeadlineBuckets { get; set; } = 1;

    /// <summary>How many audit lists the sessions are spread over (by a stable hash of the id).</summary>
    public int AuditBuckets { get; set; } = 1;

    public string KeyPrefix { get; set; } = "sk";

    /// <summary>How often the sweeper polls the due deadlines (25–50 ms keeps expiry within 100 ms).</summary>
    public int SweepIntervalMs { get; set; } = 25;

    /// <summary>At most this many due sessions are expired per bucket per poll.</summary>
    public int SweepBatchSize { get; set; } = 256;

    public void Validate()
    {
        if (SessionTtlSeconds < 1 || DeadlineBuckets < 1 || AuditBuckets < 1 || SweepIntervalMs < 1 || SweepBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SessionStoreOptions), "Session store options must be positive");
        }

        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException("KeyPrefix must be non-empty and must not contain braces", nameof(SessionStoreOptions));
        }
    }
}
