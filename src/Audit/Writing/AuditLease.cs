using StackExchange.Redis;

namespace SyncKairos.Audit.Writing;

/// <summary>
/// One writer per audit list: a Redis key set with NX PX holding this writer's random token, renewed by a
/// compare-and-renew script. <see cref="ValidUntil"/> is conservative: measured from when the renewal was sent.
/// </summary>
/// <remarks>
/// StackExchange.Redis takes no cancellation token: a cancelled call stops waiting for the reply, and the command
/// may still run. Each command here is safe to run late: the scripts only act on a lease that holds our token.
/// </remarks>
internal sealed class AuditLease
{
    private readonly IDatabase _redis;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;

    public AuditLease(IDatabase redis, string key, TimeSpan duration, TimeProvider time)
    {
        _redis = redis;
        Key = key;
        _time = time;
        _duration = TimeSpan.FromMilliseconds((long)duration.TotalMilliseconds);
    }

    public string Key { get; }

    public string Token { get; private set; } = "";

    public DateTimeOffset ValidUntil { get; private set; }

    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var sentAt = _time.GetUtcNow();
        if (!await _redis.StringSetAsync(Key, token, _duration, When.NotExists).WaitAsync(cancellationToken))
        {
            return false;
        }

        Token = token;
        ValidUntil = sentAt + _duration;
        return true;
    }

    /// <summary>False when the lease is no longer ours (expired and maybe taken by another writer).</summary>
    public async Task<bool> TryRenewAsync(CancellationToken cancellationToken)
    {
        var sentAt = _time.GetUtcNow();
        var reply = await _redis.ScriptEvaluateAsync(
            AuditQueueScripts.Renew, [Key], [Token, (long)_duration.TotalMilliseconds]).WaitAsync(cancellationToken);
        if ((long)reply != 1)
        {
            return false;
        }

        ValidUntil = sentAt + _duration;
        return true;
    }

    public Task ReleaseAsync(CancellationToken cancellationToken) =>
        _redis.ScriptEvaluateAsync(AuditQueueScripts.Release, [Key], [Token]).WaitAsync(cancellationToken);
}
