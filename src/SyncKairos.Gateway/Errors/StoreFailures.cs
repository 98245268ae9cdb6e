using SyncKairos.Redis.Client;

namespace SyncKairos.Gateway.Errors;

/// <summary>Decides which exceptions mean "Redis is unreachable right now" (answered 503, never 500).</summary>
public static class StoreFailures
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        StoreUnavailableException or RedisConnectionException or RedisTimeoutException => true,

        // Redis answering but not serving yet (loading its data set after a restart, or a script running too long).
        RedisServerException server => server.ErrorPrefix is "LOADING" or "BUSY" or "MASTERDOWN" or "TRYAGAIN",
        _ => false,
    };
}
