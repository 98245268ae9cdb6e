using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>What a watch is told about its session, in order.</summary>
public sealed record SessionUpdate(SessionUpdateKind Kind, SessionState? State = null);
