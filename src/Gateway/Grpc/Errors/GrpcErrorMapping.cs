using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

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

    public static GrpcStatusCode ToStatusCode(string errorCode) => errorCode switch
    {
        "VALIDATION_ERROR" or "INVALID_MESSAGE" => GrpcStatusCode.InvalidArgument,
        "SESSION_NOT_FOUND" or "NOT_FOUND" => GrpcStatusCode.NotFound,
        "INVALID_STATE_TRANSITION" => GrpcStatusCode.FailedPrecondition,
        "SESSION_ALREADY_EXISTS" => GrpcStatusCode.AlreadyExists,
        "NOT_ACTIVE_PARTICIPANT" => GrpcStatusCode.Aborted,
        "RATE_LIMIT_EXCEEDED" => GrpcStatusCode.ResourceExhausted,
        "SERVICE_UNAVAILABLE" => GrpcStatusCode.Unavailable,
        "UNAUTHORIZED" => GrpcStatusCode.Unauthenticated,
        "FORBIDDEN" => GrpcStatusCode.PermissionDenied,
        "INTERNAL_ERROR" => GrpcStatusCode.Internal,
        _ => GrpcStatusCode.Unknown,
    };

    /// <param name="errorCode">e.g. <c>SESSION_NOT_FOUND</c>; sent as <c>grpc-message</c>.</param>
    /// <param name="message">The human-readable text, e.g. <c>Session &lt;id&gt; not found</c>.</param>
    /// <param name="fieldViolations">Validation errors, sent as a google.rpc.BadRequest.</param>
    /// <param name="metadata">Extra facts for ErrorInfo.metadata, e.g. <c>retry_after_seconds</c>.</param>
    public static GrpcException ToException(
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

        return new GrpcException(statusCode, errorCode, status);
    }
}
