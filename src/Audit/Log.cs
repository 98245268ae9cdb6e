using Microsoft.Extensions.Logging;

namespace SyncKairos.Audit;

/// <summary>Audit log messages. Event ids are stable API: never renumber, only add.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Applied audit migration {Name}")]
    public static partial void MigrationApplied(this ILogger logger, string name);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Audit writer holds the lease on {Queue}")]
    public static partial void LeaseAcquired(this ILogger logger, string queue);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Audit writer lost the lease on {Queue}; it stops writing that queue")]
    public static partial void LeaseLost(this ILogger logger, string queue);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Audit store unavailable writing {Count} events from {Queue}; retry {Attempt} in {DelayMs} ms")]
    public static partial void TransientFailure(this ILogger logger, Exception exception, string queue, int count, int attempt, long delayMs);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Audit batch from {Queue} refused by the store; isolating the failing events row by row")]
    public static partial void IsolatingBatch(this ILogger logger, Exception exception, string queue);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Error, Message = "Audit event {EventId} from {Queue} moved to {DeadQueue}: {Reason}")]
    public static partial void DeadLettered(this ILogger logger, string eventId, string queue, string deadQueue, string reason);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Audit writer could not use Redis for {Queue}; retry in {DelayMs} ms")]
    public static partial void RedisFailure(this ILogger logger, Exception exception, string queue, long delayMs);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Audit store not ready yet; retry in {DelayMs} ms")]
    public static partial void StoreNotReady(this ILogger logger, Exception exception, long delayMs);

    [LoggerMessage(EventId = 5400, Level = LogLevel.Information, Message = "Audit retention deleted {Events} event(s) and {Sessions} session(s) older than {Cutoff:o}")]
    public static partial void Pruned(this ILogger logger, long events, long sessions, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 5401, Level = LogLevel.Warning, Message = "Audit retention could not delete old history; next try in {DelaySeconds} s")]
    public static partial void PruneFailed(this ILogger logger, Exception exception, long delaySeconds);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "Audit writer started: {Buckets} queue(s), batch {BatchSize}, store {Store}")]
    public static partial void WriterStarted(this ILogger logger, int buckets, int batchSize, string store);
}
