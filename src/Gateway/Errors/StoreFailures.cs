using Npgsql;
using SyncKairos.Redis.Client;

namespace SyncKairos.Gateway.Errors;

/// <summary>Decides which exceptions mean "a store (Redis, or the audit database) is unreachable right now" (503, never 500).</summary>
public static class StoreFailures
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        StoreUnavailableException or RedisConnectionException or RedisTimeoutException => true,

        // Redis answering but not serving yet (loading its data set after a restart, or a script running too long).
        RedisServerException server => server.ErrorPrefix is "LOADING" or "BUSY" or "MASTERDOWN" or "TRYAGAIN",

        // PostgreSQL starting, or its schema not migrated yet (the audit writer migrates at start-up).
        PostgresException pg => pg.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException,
        _ => false,
    };
}
