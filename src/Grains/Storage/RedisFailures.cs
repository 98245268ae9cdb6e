using StackExchange.Redis;

namespace SyncKairos.Grains.Storage;

/// <summary>Which Redis failures are worth a retry (503 + Retry-After) and which are bugs or misconfiguration (500).</summary>
public static class RedisFailures
{
    // Error replies of a server that is starting, busy in a script, a replica, or a cluster in flux: all pass.
    private static readonly string[] TransientPrefixes = ["LOADING", "BUSY", "READONLY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN"];

    public static bool IsTransient(Exception exception) => exception switch
    {
        RedisTimeoutException or RedisConnectionException or TimeoutException => true,
        RedisServerException server => TransientPrefixes.Any(p => server.Message.StartsWith(p, StringComparison.Ordinal)),
        _ => false,
    };
}
