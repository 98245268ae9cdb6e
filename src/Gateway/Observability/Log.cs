namespace SyncKairos.Gateway.Observability;

/// <summary>Log events of the observability area (ids 7000-7999; names are API once shipped).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, EventName = "HeartbeatFailed", Level = LogLevel.Warning,
        Message = "Cluster heartbeat of instance {InstanceId} failed: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 7002, EventName = "HeartbeatStarted", Level = LogLevel.Information,
        Message = "Cluster heartbeat of instance {InstanceId} every {IntervalMs} ms")]
    public static partial void HeartbeatStarted(ILogger logger, string instanceId, long intervalMs);
}
