using Google.Protobuf;

namespace SyncKairos.Gateway.Grpc;

internal sealed class GrpcServerStreamingMethod<TRequest, TResponse>(
    string serviceName,
    string name,
    MessageParser<TRequest> parser,
    Func<TRequest, IGrpcStreamWriter<TResponse>, GrpcServerCallContext, Task> handler) : GrpcMethod(serviceName, name)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    public override async Task InvokeAsync(GrpcCall call, GrpcServerCallContext context)
    {
        var request = await call.ReadSingleMessageAsync(parser, context.CancellationToken);
        await handler(request, new GrpcResponseStreamWriter<TResponse>(call, context.CancellationToken), context);
    }
}
