using SyncKairos.Grains.Abstractions;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Sessions;

/// <summary>
/// One method per session command; each mutating command is one atomic script call
/// (the "session actor", docs/adr/0004). Methods without an explicit <c>nowMs</c> read the
/// injected <see cref="TimeProvider"/>; the scripts clamp it so time never runs backwards.
/// Failures with our error codes throw <see cref="SessionException"/>.
/// </summary>
public sealed partial class SessionStore
{
    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly string _ttlMs;

    public SessionStore(RedisConnection redis, SessionStoreOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.ThrowIfInvalid();
        _redis = redis;
        _time = time;
        Options = options;
        Keys = new SessionKeys(options.KeyPrefix, options.DeadlineBuckets, options.AuditBuckets);
        _ttlMs = (options.TtlSeconds * 1000L).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public SessionStoreOptions Options { get; }

    public SessionKeys Keys { get; }

    public long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public string ChannelFor(string sessionId) => Keys.Channel(sessionId);

    public string AuditListKey(int bucket) => Keys.AuditList(bucket);

    public string DeadlinesKey(int bucket) => Keys.Deadlines(bucket);

    public Task<SessionState> CreateAsync(CreateSessionRequest request, CancellationToken ct) => CreateAsync(request, NowMs, ct);

    public async Task<SessionState> CreateAsync(CreateSessionRequest request, long nowMs, CancellationToken ct)
    {
        var state = SessionStateFactory.Create(request, nowMs);
        var reply = await RunAsync(SessionScripts.Create, state.SessionId, nowMs, [state.ToJson()], ct);
        return Decode(reply);
    }

    public Task<SessionState> StartAsync(string sessionId, CancellationToken ct) => StartAsync(sessionId, NowMs, ct);

    public async Task<SessionState> StartAsync(string sessionId, long nowMs, CancellationToken ct) =>
        Decode(await RunExistingAsync(SessionScripts.Start, sessionId, nowMs, ct));

    public Task<SessionState> PauseAsync(string sessionId, CancellationToken ct) => PauseAsync(sessionId, NowMs, ct);

    public async Task<SessionState> PauseAsync(string sessionId, long nowMs, CancellationToken ct) =>
        Decode(await RunExistingAsync(SessionScripts.Pause, sessionId, nowMs, ct));

    public Task<SessionState> ResumeAsync(string sessionId, CancellationToken ct) => ResumeAsync(sessionId, NowMs, ct);

    public async Task<SessionState> ResumeAsync(string sessionId, long nowMs, CancellationToken ct) =>
        Decode(await RunExistingAsync(SessionScripts.Resume, sessionId, nowMs, ct));

    public Task<SessionState> CompleteAsync(string sessionId, CancellationToken ct) => CompleteAsync(sessionId, NowMs, ct);

    public async Task<SessionState> CompleteAsync(string sessionId, long nowMs, CancellationToken ct) =>
        Decode(await RunExistingAsync(SessionScripts.Complete, sessionId, nowMs, ct));

    public Task<SwitchOutcome> SwitchAsync(string sessionId, SwitchRequest request, CancellationToken ct) =>
        SwitchAsync(sessionId, request, NowMs, ct);

    public async Task<SwitchOutcome> SwitchAsync(string sessionId, SwitchRequest request, long nowMs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = SessionValidator.Validate(request);
        if (errors.Count > 0)
        {
            throw SessionException.Validation(errors);
        }

        RequireKnownId(sessionId);
        var requestId = request.RequestId ?? "";
        RedisArg[] keys = requestId.Length == 0
            ? SessionKeyArgs(sessionId)
            : [.. SessionKeyArgs(sessionId), Keys.Request(sessionId, requestId)];
        var reply = await EvalAsync(
            SessionScripts.Switch,
            sessionId,
            keys,
            nowMs,
            [request.NextParticipantId ?? "", request.ExpectedActiveParticipantId ?? "", requestId],
            ct);
        var items = reply.Items;
        var expired = items[1].AsString();
        return new SwitchOutcome(SessionState.FromJson(items[0].Bytes.Span), string.IsNullOrEmpty(expired) ? null : expired);
    }

    public async Task<SessionState?> GetAsync(string sessionId, CancellationToken ct)
    {
        if (!SessionValidator.IsUuid(sessionId))
        {
            return null;
        }

        var reply = await _redis.ExecuteAsync("GET", [Keys.State(sessionId)], ct);
        return reply.IsNull ? null : Decode(reply);
    }

    public Task<bool> DeleteAsync(string sessionId, CancellationToken ct) => DeleteAsync(sessionId, NowMs, ct);

    public async Task<bool> DeleteAsync(string sessionId, long nowMs, CancellationToken ct)
    {
        if (!SessionValidator.IsUuid(sessionId))
        {
            return false;
        }

        var reply = await RunAsync(SessionScripts.Delete, sessionId, nowMs, [], ct);
        return reply.AsInt64() == 1;
    }

    /// <summary>Applies a due expiry; null when the session is gone, not running or not yet due.</summary>
    public Task<SessionState?> ExpireAsync(string sessionId, CancellationToken ct) => ExpireAsync(sessionId, NowMs, ct);

    public async Task<SessionState?> ExpireAsync(string sessionId, long nowMs, CancellationToken ct)
    {
        if (!SessionValidator.IsUuid(sessionId))
        {
            return null;
        }

        var reply = await RunAsync(SessionScripts.Expire, sessionId, nowMs, [], ct);
        return reply.IsNull ? null : Decode(reply);
    }

    public async Task<IReadOnlyList<string>> DueSessionsAsync(int bucket, long nowMs, int limit, CancellationToken ct)
    {
        var entries = await DueEntriesAsync(bucket, nowMs, limit, ct);
        return entries.Select(e => e.SessionId).ToArray();
    }

    /// <summary>Due deadlines (score ≤ <paramref name="nowMs"/>) with their scores, earliest first.</summary>
    public async Task<IReadOnlyList<DeadlineEntry>> DueEntriesAsync(int bucket, long nowMs, int limit, CancellationToken ct)
    {
        var reply = await _redis.ExecuteAsync(
            "ZRANGEBYSCORE",
            [Keys.Deadlines(bucket), "-inf", nowMs, "WITHSCORES", "LIMIT", 0, limit],
            ct);
        var items = reply.Items;

        // RESP3 answers WITHSCORES with [member, score] pairs, RESP2 with a flat list.
        var pairs = items.Count > 0 && items[0].IsAggregate;
        var result = new DeadlineEntry[pairs ? items.Count : items.Count / 2];
        for (var i = 0; i < result.Length; i++)
        {
            var member = pairs ? items[i].Items[0] : items[2 * i];
            var score = pairs ? items[i].Items[1] : items[(2 * i) + 1];
            result[i] = new DeadlineEntry(member.AsString()!, ScoreToMs(score));
        }

        return result;
    }

    /// <summary>
    /// Loads every session script into the server's cache. Optional: the first call of each script
    /// loads it anyway, but Garnet compiles slowly on first use, so hosts may warm up at start-up.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken ct)
    {
        foreach (var script in SessionScripts.All)
        {
            await _redis.ExecuteAsync("SCRIPT", ["LOAD", script.Source], ct);
        }
    }

    private static long ScoreToMs(RespValue score) => score.Type == RespType.Double
        ? (long)score.Double
        : (long)double.Parse(score.AsString()!, System.Globalization.CultureInfo.InvariantCulture);
}
