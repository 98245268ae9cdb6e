using System.Diagnostics.Metrics;

namespace SyncKairos.Redis.Client;

/// <summary>
/// The Redis client's figures as a <c>SyncKairos.Redis</c> meter. Static because connections are created
/// without a service container; a meter with no listener costs one branch per recorded value.
/// </summary>
public static class RedisClientMetrics
{
    public const string MeterName = "SyncKairos.Redis";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Queued-to-reply time of each command, whatever its outcome at the server.</summary>
    public static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>(
        "synckairos_redis_command_duration_ms", "ms", "Redis command round trip, from queued to reply");
}
