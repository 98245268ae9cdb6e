using Grpc.Core;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>docs/API.md's error codes with the gRPC status each maps to (the table both the unit and the wire tests check).</summary>
public static class ApiErrorStatuses
{
    public static TheoryData<string, StatusCode> Mapped { get; } = new()
    {
        { "VALIDATION_ERROR", StatusCode.InvalidArgument },
        { "SESSION_NOT_FOUND", StatusCode.NotFound },
        { "INVALID_STATE_TRANSITION", StatusCode.FailedPrecondition },
        { "SESSION_ALREADY_EXISTS", StatusCode.AlreadyExists },
        { "NOT_ACTIVE_PARTICIPANT", StatusCode.Aborted },
        { "RATE_LIMIT_EXCEEDED", StatusCode.ResourceExhausted },
        { "SERVICE_UNAVAILABLE", StatusCode.Unavailable },
        { "UNAUTHORIZED", StatusCode.Unauthenticated },
        { "FORBIDDEN", StatusCode.PermissionDenied },
    };
}
