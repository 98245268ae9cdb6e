using Npgsql;
using Orleans.Runtime;
using StackExchange.Redis;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Errors;

/// <summary>
/// Decides which exceptions mean "a store (Redis, the audit database) or the silo holding a session is unreachable
/// right now" (503, never 500).
/// </summary>
public static class StoreFailures
{
    /// <summary>What every transport answers for an outage; each keeps its own text for it (REST, WebSocket, gRPC).</summary>
    public static SessionError Unavailable { get; } = new(ErrorCodes.SERVICE_UNAVAILABLE, "Session store unavailable, retry later", RetryAfterSeconds: ApiErrors.RetryAfterSeconds);

    // Orleans wraps what failed inside an activation or a provider (the grain directory on Redis, say): look inside.
    public static bool IsUnavailable(Exception exception) =>
        IsUnavailableItself(exception) || (exception.InnerException is { } inner && IsUnavailable(inner));

    private static bool IsUnavailableItself(Exception exception) => exception switch
    {
        StoreUnavailableException => true,

        // The process's Redis client, should a failure of it escape a grain (the grain answers SERVICE_UNAVAILABLE).
        RedisConnectionException or RedisTimeoutException => true,

        // Redis answering but not serving yet (loading its data set after a restart, or a script running too long).
        RedisServerException server => server.Kind is RedisErrorKind.Loading or RedisErrorKind.Busy
            or RedisErrorKind.MasterDown or RedisErrorKind.TryAgain or RedisErrorKind.ClusterDown,

        // A grain call to a silo that died (until the cluster declares it dead), or that did not answer in time.
        // OrleansException covers the runtime failing to place or deliver a call (the grain directory unreachable, say):
        // our grains answer refusals as replies, so an exception of the runtime is an outage, not a bad request.
        OrleansException or TimeoutException => true,

        // PostgreSQL starting, or its schema not migrated yet (the audit writer migrates at start-up).
        PostgresException pg => pg.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException,
        _ => false,
    };
}
