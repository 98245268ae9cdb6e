namespace SyncKairos.Redis.Sessions;

/// <summary>Key layout and timing of the session store and its expiry sweeper.</summary>
public sealed class SessionStoreOptions
{
    /// <summary>Sliding TTL of a session's state, refreshed on every change; running sessions also live past their deadline.</summary>
    public int TtlSeconds { get; set; } = 3600;

    /// <summary>How many deadline sorted sets the sessions are spread over (by a stable hash of the id).</summary>
    public int DeadlineBuckets { get; set; } = 1;

    /// <summary>How many audit lists the sessions are spread over (by a stable hash of the id).</summary>
    public int AuditBuckets { get; set; } = 1;

    public string KeyPrefix { get; set; } = "sk";

    /// <summary>How often the sweeper polls the due deadlines (25–50 ms keeps expiry within 100 ms).</summary>
    public int SweepIntervalMs { get; set; } = 25;

    /// <summary>At most this many due sessions are expired per bucket per poll.</summary>
    public int SweepBatchSize { get; set; } = 256;

    /// <summary>Every problem with these settings, each naming its setting and value; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        CheckPositive(errors, nameof(TtlSeconds), TtlSeconds);
        CheckPositive(errors, nameof(DeadlineBuckets), DeadlineBuckets);
        CheckPositive(errors, nameof(AuditBuckets), AuditBuckets);
        CheckPositive(errors, nameof(SweepIntervalMs), SweepIntervalMs);
        CheckPositive(errors, nameof(SweepBatchSize), SweepBatchSize);
        if (string.IsNullOrEmpty(KeyPrefix))
        {
            errors.Add("KeyPrefix is empty.");
        }
        else if (KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            // Braces would change the Redis Cluster hash tag every key relies on.
            errors.Add($"KeyPrefix '{KeyPrefix}' contains a brace.");
        }

        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, if there is one.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid session store options: {string.Join(" ", errors)}", nameof(SessionStoreOptions));
        }
    }

    private static void CheckPositive(List<string> errors, string name, int value)
    {
        if (value < 1)
        {
            errors.Add($"{name} {value} must be at least 1.");
        }
    }
}
