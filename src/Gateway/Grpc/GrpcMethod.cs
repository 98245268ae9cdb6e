namespace SyncKairos.Gateway.Grpc;

/// <summary>One routed method: reads its request, runs its handler, writes its response(s).</summary>
internal abstract class GrpcMethod(string serviceName, string name)
{
    public string Name { get; } = name;

    public string FullName { get; } = $"/{serviceName}/{name}";

    public abstract Task InvokeAsync(GrpcCall call, GrpcServerCallContext context);
}
