using System.ComponentModel.DataAnnotations;

namespace SyncKairos.Grains.Storage;

/// <summary>
/// Configuration section <c>SyncKairos:Sessions</c>: the key layout and TTL of the stored sessions (docs/adr/0004),
/// the same settings and defaults the audit writer reads to find the audit lists.
/// </summary>
public sealed class SessionStorageOptions
{
    public const string Section = "SyncKairos:Sessions";

    /// <summary>Sliding TTL of a session's state, refreshed on every change; running sessions also live past their deadline.</summary>
    [Range(1, int.MaxValue)]
    public int TtlSeconds { get; set; } = 3600;

    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[^{}]+$", ErrorMessage = "KeyPrefix must not contain a brace: it would change the Redis Cluster hash tag of every key.")]
    public string KeyPrefix { get; set; } = "sk";

    /// <summary>How many deadline sorted sets the sessions are spread over (by a stable hash of the id).</summary>
    [Range(1, 65536)]
    public int DeadlineBuckets { get; set; } = 1;

    /// <summary>How many audit lists the sessions are spread over (by a stable hash of the id).</summary>
    [Range(1, 65536)]
    public int AuditBuckets { get; set; } = 1;
}
