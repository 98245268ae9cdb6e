using SyncKairos.Grains.Abstractions;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Sessions;

public sealed partial class SessionStore
{
    private RedisArg[] SessionKeyArgs(string sessionId) =>
    [
        Keys.State(sessionId),
        Keys.Deadlines(Keys.DeadlineBucketOf(sessionId)),
        Keys.AuditList(Keys.AuditBucketOf(sessionId)),
    ];

    private Task<RespValue> RunExistingAsync(RedisScript script, string sessionId, long nowMs, CancellationToken ct)
    {
        RequireKnownId(sessionId);
        return RunAsync(script, sessionId, nowMs, [], ct);
    }

    private Task<RespValue> RunAsync(RedisScript script, string sessionId, long nowMs, RedisArg[] extra, CancellationToken ct) =>
        EvalAsync(script, sessionId, SessionKeyArgs(sessionId), nowMs, extra, ct);

    private async Task<RespValue> EvalAsync(
        RedisScript script, string sessionId, RedisArg[] keys, long nowMs, RedisArg[] extra, CancellationToken ct)
    {
        RedisArg[] args = [sessionId, nowMs, _ttlMs, Keys.Channel(sessionId), .. extra];
        try
        {
            return await _redis.EvalAsync(script, keys, args, ct);
        }
        catch (RedisServerException ex) when (ScriptError.TryParse(ex.Message, out var error))
        {
            throw error;
        }
    }

    /// <summary>Ids that are not UUIDs were never created (create validates them) and must not reach a key name.</summary>
    private static void RequireKnownId(string sessionId)
    {
        if (!SessionValidator.IsUuid(sessionId))
        {
            throw SessionException.NotFound(sessionId);
        }
    }

    private static SessionState Decode(RespValue reply) => SessionState.FromJson(reply.Bytes.Span);
}
