using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>One message of a session's update channel (docs/adr/0004, "Published message").</summary>
public sealed record SessionUpdate(SessionUpdateKind Kind, SessionState? State = null)
{
    public static SessionUpdate Resync { get; } = new(SessionUpdateKind.Resync);
}
