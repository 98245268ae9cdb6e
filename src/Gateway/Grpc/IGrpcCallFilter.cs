namespace SyncKairos.Gateway.Grpc;

/// <summary>A check run before every call of a mapped service (see <see cref="GrpcServiceRouter.AddCallFilter"/>).</summary>
public interface IGrpcCallFilter
{
    /// <summary>Throw a <see cref="GrpcException"/> to refuse the call.</summary>
    ValueTask OnCallAsync(GrpcServerCallContext context);
}
