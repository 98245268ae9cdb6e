using Microsoft.Extensions.Logging;

namespace SyncKairos.Gateway.Grpc;

internal static partial class Log
{
    [LoggerMessage(EventId = 6001, EventName = "GrpcInvalidTimeout", Level = LogLevel.Debug,
        Message = "Ignoring invalid grpc-timeout value '{Value}' on {Method}")]
    public static partial void InvalidTimeout(ILogger logger, string value, string method);

    [LoggerMessage(EventId = 6002, EventName = "GrpcDeadlineExceeded", Level = LogLevel.Debug,
        Message = "Deadline exceeded on {Method}: answering DEADLINE_EXCEEDED and resetting the stream")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(EventId = 6003, EventName = "GrpcCallCancelled", Level = LogLevel.Debug,
        Message = "Call {Method} cancelled by the client")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(EventId = 6004, EventName = "GrpcHandlerFailed", Level = LogLevel.Error,
        Message = "Unhandled exception in gRPC handler {Method}")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 6005, EventName = "GrpcCompleteFailed", Level = LogLevel.Debug,
        Message = "Could not send the status of {Method}: the stream is gone")]
    public static partial void CompleteFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 6006, EventName = "GrpcCallFailed", Level = LogLevel.Debug,
        Message = "Call {Method} ended with {StatusCode}: {StatusMessage}")]
    public static partial void CallFailed(ILogger logger, string method, GrpcStatusCode statusCode, string? statusMessage);
}
