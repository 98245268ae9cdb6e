namespace SyncKairos.Gateway.Grpc;

/// <summary>
/// The status a gRPC call ended with, set on the request's features when the layer sends it. A gRPC
/// response is HTTP 200 whatever happened, so middleware that classifies outcomes (metrics) reads this.
/// </summary>
public sealed class GrpcStatusFeature(GrpcStatusCode status)
{
    public GrpcStatusCode Status { get; } = status;
}
