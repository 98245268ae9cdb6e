using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace SyncKairos.Gateway.Grpc.Errors;

/// <summary>
/// SyncKairos error codes (docs/API.md) to gRPC statuses. <c>grpc-message</c> is the error code itself, so
/// clients can switch on it; <c>grpc-status-details-bin</c> is a google.rpc.Status whose message is the
/// human-readable text, with an ErrorInfo (reason = the code) and, for field errors, a BadRequest.
/// The code strings equal the constants of <c>SyncKairos.Grains.Abstractions.ErrorCodes</c>.
/// </summary>
public static class GrpcErrorMapping
{
    public const string Domain = "synckairos";

    public static StatusCode ToStatusCode(string errorCode) => errorCode switch
    {
        "VALIDATION_ERROR" or "INVALID_MESSAGE" => StatusCode.InvalidArgument,
        "SESSION_NOT_FOUND" or "NOT_FOUND" => StatusCode.NotFound,
        "INVALID_STATE_TRANSITION" => StatusCode.FailedPrecondition,
        "SESSION_ALREADY_EXISTS" => StatusCode.AlreadyExists,
        "NOT_ACTIVE_PARTICIPANT" => StatusCode.Aborted,
        "RATE_LIMIT_EXCEEDED" => StatusCode.ResourceExhausted,
        "SERVICE_UNAVAILABLE" => StatusCode.Unavailable,
        "UNAUTHORIZED" => StatusCode.Unauthenticated,
        "FORBIDDEN" => StatusCode.PermissionDenied,
        "INTERNAL_ERROR" => StatusCode.Internal,
        _ => StatusCode.Unknown,
    };

    /// <param name="errorCode">e.g. <c>SESSION_NOT_FOUND</c>; sent as <c>grpc-message</c>.</param>
    /// <param name="message">The human-readable text, e.g. <c>Session &lt;id&gt; not found</c>.</param>
    /// <param name="fieldViolations">Validation errors, sent as a google.rpc.BadRequest.</param>
    /// <param name="metadata">Extra facts for ErrorInfo.metadata, e.g. <c>retry_after_seconds</c>.</param>
    public static RpcException ToException(
        string errorCode,
        string message,
        IReadOnlyList<GrpcFieldViolation>? fieldViolations = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        var statusCode = ToStatusCode(errorCode);
        var info = new ErrorInfo { Reason = errorCode, Domain = Domain };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                info.Metadata[key] = value;
            }
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)statusCode,
            Message = message ?? string.Empty,
            Details = { Any.Pack(info) },
        };
        if (fieldViolations is { Count: > 0 })
        {
            var badRequest = new BadRequest();
            foreach (var violation in fieldViolations)
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
                {
                    Field = violation.Field,
                    Description = violation.Description,
                    Reason = violation.Reason ?? string.Empty,
                });
            }

            status.Details.Add(Any.Pack(badRequest));
        }

        return status.ToRpcException(statusCode, errorCode);
    }
}
