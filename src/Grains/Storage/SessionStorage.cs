using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Storage;

/// <summary>
/// The session grain's persistence on StackExchange.Redis: the state JSON, the deadline index, the audit list and the
/// request memos, written by one script per change (<see cref="SessionScripts"/>).
/// </summary>
public sealed class SessionStorage
{
    private readonly IRedisConnectionSource _redis;
    private readonly SessionStorageOptions _options;

    public SessionStorage(IRedisConnectionSource redis, IOptions<SessionStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _options = options.Value;
        Keys = new SessionStorageKeys(_options);
    }

    public SessionStorageKeys Keys { get; }

    private IDatabase Db => _redis.Multiplexer.GetDatabase();

    /// <summary>The state and the memos still live at <paramref name="nowMs"/>.</summary>
    public async Task<StoredSession> LoadAsync(string sessionId, long nowMs)
    {
        var db = Db;
        var stateTask = db.StringGetAsync(Keys.State(sessionId));
        var memosTask = db.HashGetAllAsync(Keys.Memos(sessionId));
        var raw = await Guard(stateTask);
        var entries = await Guard(memosTask);
        if (raw.IsNull)
        {
            return new StoredSession(null, new Dictionary<string, RequestMemo>());
        }

        var memos = new Dictionary<string, RequestMemo>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var memo = RequestMemo.Decode(entry.Name!, entry.Value!);
            if (memo.ExpiresAtMs > nowMs)
            {
                memos[memo.RequestId] = memo;
            }
        }

        return new StoredSession(SessionState.FromJson((string)raw!), memos);
    }

    /// <summary>
    /// Writes <paramref name="state"/> (already at its new version) if the store still holds
    /// <paramref name="expectedVersion"/> (0: no session), with its audit event, deadline entry and, for a switch with a
    /// request_id, its memo; <paramref name="lapsedMemos"/> are dropped in the same step.
    /// </summary>
    public async Task CommitAsync(
        SessionState state, long expectedVersion, string eventType, string? actor, RequestMemo? memo, IReadOnlyCollection<string> lapsedMemos)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(lapsedMemos);
        var id = state.SessionId;
        var now = state.UpdatedAt;
        var running = state.Status == SessionStatuses.Running && state.DeadlineAt is not null;
        var ttl = (long)_options.TtlSeconds * 1000;
        if (running && state.DeadlineAt > now)
        {
            // A running session lives past its deadline, so its expiry always finds the state.
            ttl += state.DeadlineAt!.Value - now;
        }

        var args = new RedisValue[12 + lapsedMemos.Count];
        args[0] = expectedVersion;
        args[1] = SessionStorageKeys.Canonical(id);
        args[2] = state.ToJson();
        args[3] = id;
        args[4] = state.Version;
        args[5] = eventType;
        args[6] = now;
        args[7] = actor ?? "";
        args[8] = ttl;
        args[9] = running ? state.DeadlineAt!.Value.ToString(CultureInfo.InvariantCulture) : "";
        args[10] = memo?.RequestId ?? "";
        args[11] = memo?.Encode() ?? "";
        var i = 12;
        foreach (var lapsed in lapsedMemos)
        {
            args[i++] = lapsed;
        }

        var result = await Guard(Db.ScriptEvaluateAsync(SessionScripts.Commit, SessionKeysOf(id), args));
        ThrowIfFenced(id, expectedVersion, result);
    }

    /// <summary>Deletes the session stored at <paramref name="expectedVersion"/>; its audit event is session_deleted at version + 1.</summary>
    public async Task DeleteAsync(SessionState last, long atMs)
    {
        ArgumentNullException.ThrowIfNull(last);
        var id = last.SessionId;
        RedisValue[] args = [last.Version, SessionStorageKeys.Canonical(id), id, atMs];
        var result = await Guard(Db.ScriptEvaluateAsync(SessionScripts.Delete, SessionKeysOf(id), args));
        ThrowIfFenced(id, last.Version, result);
    }

    /// <summary>Drops a deadline entry whose session is gone (its state expired or was never written).</summary>
    public Task ForgetDeadlineAsync(string sessionId) =>
        Guard(Db.SortedSetRemoveAsync(Keys.DeadlinesOf(sessionId), SessionStorageKeys.Canonical(sessionId)));

    /// <summary>Up to <paramref name="limit"/> lower-case session ids of <paramref name="bucket"/> whose deadline is at or before <paramref name="dueMs"/>.</summary>
    public async Task<string[]> DueAsync(int bucket, long dueMs, int limit)
    {
        var members = await Guard(Db.SortedSetRangeByScoreAsync(Keys.Deadlines(bucket), double.NegativeInfinity, dueMs, take: limit));
        return Array.ConvertAll(members, m => (string)m!);
    }

    private RedisKey[] SessionKeysOf(string id) =>
        [Keys.State(id), Keys.DeadlinesOf(id), Keys.AuditListOf(id), Keys.Memos(id)];

    private static void ThrowIfFenced(string id, long expected, RedisResult result)
    {
        if (result.Resp2Type == ResultType.Array)
        {
            var parts = (RedisResult[])result!;
            throw new StorageFencedException(id, expected, (long)parts[1]);
        }
    }

    private static async Task<T> Guard<T>(Task<T> call)
    {
        try
        {
            return await RedisCommandMetrics.Timed(call);
        }
        catch (Exception ex) when (RedisFailures.IsTransient(ex))
        {
            throw new StorageUnavailableException($"Redis is unavailable: {ex.Message}", ex);
        }
    }
}
