using Google.Protobuf;

namespace SyncKairos.Gateway.Grpc;

internal sealed class GrpcUnaryMethod<TRequest, TResponse>(
    string serviceName,
    string name,
    MessageParser<TRequest> parser,
    Func<TRequest, GrpcServerCallContext, Task<TResponse>> handler) : GrpcMethod(serviceName, name)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    public override async Task InvokeAsync(GrpcCall call, GrpcServerCallContext context)
    {
        var request = await call.ReadSingleMessageAsync(parser, context.CancellationToken);
        var response = await handler(request, context);
        await call.WriteMessageAsync(response, context.CancellationToken);
    }
}
