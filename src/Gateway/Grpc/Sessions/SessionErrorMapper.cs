using Grpc.Core;
using SyncKairos.Gateway.Grpc.Errors;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>The engine's failures as gRPC statuses (applied by <see cref="GrpcErrorInterceptor"/>).</summary>
public static class SessionErrorMapper
{
    public static RpcException? Map(Exception exception) => exception switch
    {
        SessionException session => GrpcErrorMapping.ToException(
            session.Code,
            session.Message,
            session.Details?.Select(d => new GrpcFieldViolation(d.Field, d.Message, d.Code)).ToList()),
        _ when Gateway.Errors.StoreFailures.IsUnavailable(exception) => GrpcErrorMapping.ToException(
            ErrorCodes.SERVICE_UNAVAILABLE,
            "Session store unavailable"),
        _ => null,
    };
}
