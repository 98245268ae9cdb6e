using System.Reflection;
using Microsoft.Extensions.Options;
using SyncKairos.Audit.Writing;
using SyncKairos.Gateway.Observability.Metrics;
using SyncKairos.Gateway.WebSockets;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary>
/// This instance's figures for <c>GET /v1/cluster</c>, computed when asked: switches per second and the latency
/// quantiles are over the time since the previous report (ADR 0013), so a dashboard polling one silo sees recent rates.
/// </summary>
public sealed class InstanceFigures(
    IOptions<ClusterSettings> settings,
    IServiceProvider services,
    GatewayMetrics metrics,
    MetricsCollector collector,
    TimeProvider time)
{
    private readonly long _startedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds();
    private readonly Lock _lock = new();
    private long _lastSwitches;
    private long _lastReportMs;
    private long[]? _lastSwitchBuckets;
    private long[]? _lastRedisBuckets;

    public string InstanceId { get; } = string.IsNullOrEmpty(settings.Value.InstanceId)
        ? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}"
        : settings.Value.InstanceId;

    public static string Version { get; } =
        typeof(InstanceFigures).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public InstanceHeartbeat Report()
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var families = collector.Collect();
        var audit = services.GetService<AuditMetrics>();
        lock (_lock)
        {
            var switches = metrics.Switches;
            var elapsedS = ((_lastReportMs == 0 ? _startedAtMs : _lastReportMs) is var since && nowMs > since) ? (nowMs - since) / 1000.0 : 0;
            var rate = elapsedS > 0 ? (switches - _lastSwitches) / elapsedS : 0;
            _lastSwitches = switches;
            _lastReportMs = nowMs;
            var (switchP50, switchP99) = Quantiles(families, "synckairos_switch_cycle_duration_ms", ref _lastSwitchBuckets);
            var (_, redisP99) = Quantiles(families, "synckairos_redis_command_duration_ms", ref _lastRedisBuckets);
            return new InstanceHeartbeat(
                InstanceId, Version, _startedAtMs, nowMs, (nowMs - _startedAtMs) / 1000.0,
                services.GetService<FanOutHub>()?.ConnectionCount ?? 0,
                Math.Round(rate, 2), switchP50, switchP99, redisP99,
                audit?.QueueSize ?? 0, audit?.LagMs ?? 0, audit?.DeadLetters ?? 0);
        }
    }

    /// <summary>p50/p99 over the observations since the previous report (bucket upper bounds).</summary>
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
