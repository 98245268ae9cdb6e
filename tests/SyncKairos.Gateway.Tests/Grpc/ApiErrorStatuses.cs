using SyncKairos.Gateway.Grpc;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>docs/API.md's error codes with the gRPC status each maps to (the table both the unit and the wire tests check).</summary>
public static class ApiErrorStatuses
{
    public static TheoryData<string, GrpcStatusCode> Mapped { get; } = new()
    {
        { "VALIDATION_ERROR", GrpcStatusCode.InvalidArgument },
        { "SESSION_NOT_FOUND", GrpcStatusCode.NotFound },
        { "INVALID_STATE_TRANSITION", GrpcStatusCode.FailedPrecondition },
        { "SESSION_ALREADY_EXISTS", GrpcStatusCode.AlreadyExists },
        { "NOT_ACTIVE_PARTICIPANT", GrpcStatusCode.Aborted },
        { "RATE_LIMIT_EXCEEDED", GrpcStatusCode.ResourceExhausted },
        { "SERVICE_UNAVAILABLE", GrpcStatusCode.Unavailable },
        { "UNAUTHORIZED", GrpcStatusCode.Unauthenticated },
        { "FORBIDDEN", GrpcStatusCode.PermissionDenied },
    };
}
