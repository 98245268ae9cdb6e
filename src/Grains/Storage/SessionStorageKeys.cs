using System.Text;
using StackExchange.Redis;

namespace SyncKairos.Grains.Storage;

/// <summary>
/// The key layout of docs/adr/0004: per-session keys share the <c>{session_id}</c> hash tag (lower case: ids are
/// case-insensitive); the shared deadline index and audit lists are bucketed by FNV-1a of the lower-case id.
/// </summary>
public sealed class SessionStorageKeys(SessionStorageOptions options)
{
    public RedisKey State(string sessionId) => $"{options.KeyPrefix}:{{{Canonical(sessionId)}}}:state";

    /// <summary>The session's request_id memos (a hash: request id → remembered reply), beside its state.</summary>
    public RedisKey Memos(string sessionId) => $"{options.KeyPrefix}:{{{Canonical(sessionId)}}}:memos";

    public RedisKey Deadlines(int bucket) => $"{options.KeyPrefix}:deadlines:{bucket}";

    public RedisKey AuditList(int bucket) => $"{options.KeyPrefix}:audit:{bucket}";

    public int DeadlineBuckets => options.DeadlineBuckets;

    public RedisKey DeadlinesOf(string sessionId) => Deadlines((int)(StableHash(sessionId) % (uint)options.DeadlineBuckets));

    public RedisKey AuditListOf(string sessionId) => AuditList((int)(StableHash(sessionId) % (uint)options.AuditBuckets));

    /// <summary>Keys, deadline members and grain keys use the lower-case id.</summary>
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
