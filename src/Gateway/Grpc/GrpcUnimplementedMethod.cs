namespace SyncKairos.Gateway.Grpc;

/// <summary>Answers a method or service nobody mapped: UNIMPLEMENTED, trailers-only.</summary>
internal sealed class GrpcUnimplementedMethod(string serviceName, string name, bool serviceKnown) : GrpcMethod(serviceName, name)
{
    public override Task InvokeAsync(GrpcCall call, GrpcServerCallContext context) =>
        throw new GrpcException(
            GrpcStatusCode.Unimplemented,
            serviceKnown ? $"Method is unimplemented: {FullName}" : $"Service is unimplemented: {FullName}");
}
