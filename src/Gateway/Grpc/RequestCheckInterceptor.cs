using Grpc.Core;
using Grpc.Core.Interceptors;

namespace SyncKairos.Gateway.Grpc;

/// <summary>
/// An interceptor that checks each call's request before the method runs (refusing by throwing
/// <see cref="RpcException"/>); the unary and server-streaming plumbing is written once here.
/// </summary>
public abstract class RequestCheckInterceptor : Interceptor
{
    public sealed override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        await CheckAsync(request, context);
        return await continuation(request, context);
    }

    public sealed override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        await CheckAsync(request, context);
        await continuation(request, responseStream, context);
    }

    /// <summary>Returns to let the call go on; throws <see cref="RpcException"/> to refuse it.</summary>
    protected abstract ValueTask CheckAsync(object request, ServerCallContext context);
}
