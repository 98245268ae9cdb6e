using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SyncKairos.Audit.Writing;
using SyncKairos.Gateway.Errors;
using SyncKairos.Gateway.Observability.Metrics;
using SyncKairos.Gateway.Storage;
using SyncKairos.Gateway.WebSockets;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary>
/// Writes this instance's heartbeat to Redis every <see cref="ClusterSettings.HeartbeatInterval"/>: a key with a
/// TTL plus a member of a sorted set scored by time, so readers find live instances without SCAN (ADR 0013).
/// </summary>
public sealed class ClusterHeartbeat(
    IOptions<ClusterSettings> settings,
    StoreConnections store,
    IServiceProvider services,
    GatewayMetrics metrics,
    MetricsCollector collector,
    TimeProvider time,
    ILogger<ClusterHeartbeat> logger) : BackgroundService
{
    private readonly ClusterSettings _settings = settings.Value;
    private readonly long _startedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds();
    private long _lastSwitches;
    private long _lastBeatMs;
    private long[]? _lastSwitchBuckets;
    private long[]? _lastRedisBuckets;
    private long _lastLiveCountMs;
    private long _liveSessions;

    public string InstanceId { get; } = string.IsNullOrEmpty(settings.Value.InstanceId)
        ? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}"
        : settings.Value.InstanceId;

    public static string Version { get; } =
        typeof(ClusterHeartbeat).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The live-session count as of the last SCAN (-1 before the first).</summary>
    public long LiveSessions => Interlocked.Read(ref _liveSessions);

    public string SetKey => $"{KeyPrefix}:cluster:instances";

    public string InstanceKey(string id) => $"{KeyPrefix}:cluster:instance:{id}";

    private string KeyPrefix => services.GetRequiredService<IOptions<SessionStoreOptions>>().Value.KeyPrefix;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Interlocked.Exchange(ref _liveSessions, -1);
        Log.HeartbeatStarted(logger, InstanceId, (long)_settings.HeartbeatInterval.TotalMilliseconds);
        using var timer = new PeriodicTimer(_settings.HeartbeatInterval, time);
        do
        {
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or RedisServerException or StoreUnavailableException)
            {
                Log.HeartbeatFailed(logger, InstanceId, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task BeatAsync(CancellationToken ct)
    {
        var redis = store.Connection;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var heartbeat = Snapshot(nowMs);
        var ttlMs = (long)_settings.HeartbeatTtl.TotalMilliseconds;
        await Task.WhenAll(
            redis.ExecuteAsync("SET", [InstanceKey(InstanceId), JsonSerializer.Serialize(heartbeat), "PX", ttlMs], ct),
            redis.ExecuteAsync("ZADD", [SetKey, nowMs, InstanceId], ct),
            redis.ExecuteAsync("ZREMRANGEBYSCORE", [SetKey, "-inf", $"({nowMs - ttlMs}"], ct));
        metrics.RunningSessions = await CountRunningAsync(redis, ct);
        if (nowMs - _lastLiveCountMs >= (long)_settings.LiveCountInterval.TotalMilliseconds)
        {
            _lastLiveCountMs = nowMs;
            Interlocked.Exchange(ref _liveSessions, await CountLiveAsync(redis, ct));
        }
    }

    /// <summary>Running sessions are exactly the members of the deadline sets: one ZCARD per bucket.</summary>
    public async Task<long> CountRunningAsync(RedisConnection redis, CancellationToken ct)
    {
        var sessions = services.GetRequiredService<SessionStore>();
        var counts = await Task.WhenAll(Enumerable.Range(0, sessions.Options.DeadlineBuckets)
            .Select(b => redis.ExecuteAsync("ZCARD", [sessions.DeadlinesKey(b)], ct)));
        return counts.Sum(c => c.AsInt64());
    }

    /// <summary>Live sessions: an incremental SCAN over the state keys (COUNT 1000 per call, never KEYS).</summary>
    private async Task<long> CountLiveAsync(RedisConnection redis, CancellationToken ct)
    {
        var pattern = $"{KeyPrefix}:{{*}}:state";
        var cursor = "0";
        long count = 0;
        do
        {
            var reply = await redis.ExecuteAsync("SCAN", [cursor, "MATCH", pattern, "COUNT", 1000], ct);
            cursor = reply.Items[0].AsString() ?? "0";
            count += reply.Items[1].Items.Count;
        }
        while (cursor != "0");
        return count;
    }

    private InstanceHeartbeat Snapshot(long nowMs)
    {
        var families = collector.Collect();
        var switches = metrics.Switches;
        var elapsedS = _lastBeatMs == 0 ? (nowMs - _startedAtMs) / 1000.0 : (nowMs - _lastBeatMs) / 1000.0;
        var rate = elapsedS > 0 ? (switches - _lastSwitches) / elapsedS : 0;
        _lastSwitches = switches;
        _lastBeatMs = nowMs;
        var (switchP50, switchP99) = Quantiles(families, "synckairos_switch_cycle_duration_ms", ref _lastSwitchBuckets);
        var (_, redisP99) = Quantiles(families, "synckairos_redis_command_duration_ms", ref _lastRedisBuckets);
        var audit = services.GetService<AuditMetrics>();
        return new InstanceHeartbeat(
            InstanceId, Version, _startedAtMs, nowMs, (nowMs - _startedAtMs) / 1000.0,
            services.GetService<FanOutHub>()?.ConnectionCount ?? 0,
            Math.Round(rate, 2), switchP50, switchP99, redisP99,
            audit?.QueueSize ?? 0, audit?.LagMs ?? 0, audit?.DeadLetters ?? 0);
    }

    /// <summary>p50/p99 over the observations since the previous beat (bucket upper bounds).</summary>
    private static (double? P50, double? P99) Quantiles(IReadOnlyList<MetricFamily> families, string name, ref long[]? previous)
    {
        var current = Percentiles.Buckets(families, name);
        if (current is null)
        {
            return (null, null);
        }

        var before = previous;
        var delta = before is null || before.Length != current.Length ? current : current.Select((c, i) => c - before[i]).ToArray();
        previous = current;
        var bounds = families.First(f => f.Name == name).BucketBounds!;
        return (Finite(Percentiles.FromBuckets(bounds, delta, 0.5)), Finite(Percentiles.FromBuckets(bounds, delta, 0.99)));
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : value is null ? null : double.MaxValue;
}
