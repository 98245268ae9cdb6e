using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SyncKairos.Grains.Storage;

/// <summary>
/// Round trips of the process's Redis commands as the <c>SyncKairos.Redis</c> meter (docs/API.md's
/// <c>synckairos_redis_command_duration_ms</c>). Static because the storage, the rate limiter and readiness share
/// one multiplexer but no service container scope; a meter with no listener costs one branch per value.
/// </summary>
public static class RedisCommandMetrics
{
    public const string MeterName = "SyncKairos.Redis";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>(
        "synckairos_redis_command_duration_ms", "ms", "Redis command round trip, from sent to reply, whatever the outcome");

    /// <summary>Awaits a command just issued and records how long its answer (or failure) took.</summary>
    public static async Task<T> Timed<T>(Task<T> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await command;
        }
        finally
        {
            CommandDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
