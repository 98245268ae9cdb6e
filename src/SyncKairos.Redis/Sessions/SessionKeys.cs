using System.Text;

namespace SyncKairos.Redis.Sessions;

/// <summary>
/// The key layout (docs/adr/0004). Per-session keys share the <c>{session_id}</c> hash tag;
/// the shared deadline and audit keys are bucketed by a stable hash of the id.
/// </summary>
public sealed class SessionKeys
{
    private readonly string _prefix;
    private readonly int _deadlineBuckets;
    private readonly int _auditBuckets;

    public SessionKeys(string prefix, int deadlineBuckets, int auditBuckets)
    {
        _prefix = prefix;
        _deadlineBuckets = deadlineBuckets;
        _auditBuckets = auditBuckets;
    }

    public string State(string sessionId) => $"{_prefix}:{{{Canonical(sessionId)}}}:state";

    public string Request(string sessionId, string requestId) => $"{_prefix}:{{{Canonical(sessionId)}}}:req:{requestId}";

    public string Channel(string sessionId) => $"{_prefix}:{{{Canonical(sessionId)}}}:updates";

    public string Deadlines(int bucket) => $"{_prefix}:deadlines:{bucket}";

    public string AuditList(int bucket) => $"{_prefix}:audit:{bucket}";

    public int DeadlineBucketOf(string sessionId) => (int)(StableHash(sessionId) % (uint)_deadlineBuckets);

    public int AuditBucketOf(string sessionId) => (int)(StableHash(sessionId) % (uint)_auditBuckets);

    /// <summary>Ids are case-insensitive: keys, channels and deadline members use the lower-case form.</summary>
    public static string Canonical(string sessionId) => sessionId.ToLowerInvariant();

    /// <summary>FNV-1a over the lower-cased UTF-8 id: stable across processes and versions.</summary>
    public static uint StableHash(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(sessionId.ToLowerInvariant()))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
