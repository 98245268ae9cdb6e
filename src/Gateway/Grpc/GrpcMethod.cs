namespace SyncKairos.Gateway.Grpc;

/// <summary>One routed method: reads its request, runs its handler, writes its response(s).</summary>
internal abstract class GrpcMethod(string serviceName, string name)
{
    public string Name { get; } = name;

    public string FullName { get; } = $"/{serviceName}/{name}";

    /// <summary>Endpoint metadata of the method (as grpc-dotnet takes it from the service method's attributes).</summary>
    public IReadOnlyList<object> Metadata { get; init; } = [];

    public abstract Task InvokeAsync(GrpcCall call, GrpcServerCallContext context);
}
