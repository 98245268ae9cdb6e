using SyncKairos.Grpc.V1;

namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>A check of SwitchCycle that needs the message (rate limit per session, participant tokens).</summary>
public interface IGrpcSwitchGuard
{
    /// <summary>Throw a <see cref="GrpcException"/> to refuse the switch; may tighten the request (e.g. add a guard).</summary>
    ValueTask CheckSwitchAsync(GrpcServerCallContext context, SwitchCycleRequest request);
}
