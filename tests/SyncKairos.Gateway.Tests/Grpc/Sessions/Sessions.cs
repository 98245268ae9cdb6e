using SyncKairos.Gateway.Grpc.Sessions;

namespace SyncKairos.Gateway.Tests.Grpc.Sessions;

internal static class Sessions
{
    public static SyncKairos.Grains.Abstractions.CreateSessionRequest Core(SyncKairos.Grpc.V1.CreateSessionRequest request) => SessionProtoMapper.ToCore(request);
}
