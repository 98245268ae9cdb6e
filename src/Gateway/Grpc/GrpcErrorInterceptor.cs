using Grpc.Core;
using Grpc.Core.Interceptors;
using SyncKairos.Gateway.Grpc.Sessions;

namespace SyncKairos.Gateway.Grpc;

/// <summary>
/// Turns the session engine's exceptions into their gRPC statuses (<see cref="SessionErrorMapper"/>), for
/// every interceptor and method inside it. Anything else is left to grpc-dotnet: UNKNOWN, logged, its text kept
/// from the client.
/// </summary>
public sealed partial class GrpcErrorInterceptor(ILogger<GrpcErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    private RpcException? Map(Exception exception, ServerCallContext context)
    {
        if (exception is RpcException || SessionErrorMapper.Map(exception) is not { } mapped)
        {
            return null;
        }

        LogCallFailed(logger, context.Method, mapped.StatusCode, mapped.Status.Detail);
        return mapped;
    }

    [LoggerMessage(EventId = 5450, EventName = "GrpcCallFailed", Level = LogLevel.Debug,
        Message = "Call {Method} ended with {StatusCode}: {StatusMessage}")]
    private static partial void LogCallFailed(ILogger logger, string method, StatusCode statusCode, string statusMessage);
}
