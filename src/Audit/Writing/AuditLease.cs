using SyncKairos.Redis.Client;

namespace SyncKairos.Audit.Writing;

/// <summary>
/// One writer per audit list: a Redis key set with NX PX holding this writer's random token, renewed by a
/// compare-and-renew script. <see cref="ValidUntil"/> is conservative: measured from when the renewal was sent.
/// </summary>
internal sealed class AuditLease
{
    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly long _durationMs;

    public AuditLease(RedisConnection redis, string key, TimeSpan duration, TimeProvider time)
    {
        _redis = redis;
        Key = key;
        _time = time;
        _durationMs = (long)duration.TotalMilliseconds;
    }

    public string Key { get; }

    public string Token { get; private set; } = "";

    public DateTimeOffset ValidUntil { get; private set; }

    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var sentAt = _time.GetUtcNow();
        var reply = await _redis.ExecuteAsync("SET", [Key, token, "NX", "PX", _durationMs], cancellationToken);
        if (reply.IsNull)
        {
            return false;
        }

        Token = token;
        ValidUntil = sentAt.AddMilliseconds(_durationMs);
        return true;
    }

    /// <summary>False when the lease is no longer ours (expired and maybe taken by another writer).</summary>
    public async Task<bool> TryRenewAsync(CancellationToken cancellationToken)
    {
        var sentAt = _time.GetUtcNow();
        var reply = await _redis.EvalAsync(AuditQueueScripts.Renew, [Key], [Token, _durationMs], cancellationToken);
        if (reply.AsInt64() != 1)
        {
            return false;
        }

        ValidUntil = sentAt.AddMilliseconds(_durationMs);
        return true;
    }

    public Task ReleaseAsync(CancellationToken cancellationToken) =>
        _redis.EvalAsync(AuditQueueScripts.Release, [Key], [Token], cancellationToken);
}
