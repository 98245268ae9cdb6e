namespace SyncKairos.Gateway.WebSockets;

/// <summary>One serialized message waiting in a client's send queue; the same bytes go to every watcher.</summary>
public readonly record struct Outbound(OutboundKind Kind, long Version, ReadOnlyMemory<byte> Payload);
