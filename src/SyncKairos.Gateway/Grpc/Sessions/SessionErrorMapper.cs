using SyncKairos.Core;
using SyncKairos.Gateway.Grpc.Errors;
using SyncKairos.Redis.Client;

namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>The engine's failures as gRPC statuses (<see cref="GrpcServiceRouter.ExceptionMapper"/>).</summary>
public static class SessionErrorMapper
{
    public static GrpcException? Map(Exception exception) => exception switch
    {
        SessionException session => GrpcErrorMapping.ToException(
            session.Code,
            session.Message,
            session.Details?.Select(d => new GrpcFieldViolation(d.Field, d.Message, d.Code)).ToList()),
        _ when IsStoreUnavailable(exception) => GrpcErrorMapping.ToException(
            ErrorCodes.SERVICE_UNAVAILABLE,
            "Session store unavailable"),
        _ => null,
    };

    // Mirrors the gateway's rule for 503: Redis unreachable, or answering but not serving yet.
    private static bool IsStoreUnavailable(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException server => server.ErrorPrefix is "LOADING" or "BUSY" or "MASTERDOWN" or "TRYAGAIN",
        _ => false,
    };
}
