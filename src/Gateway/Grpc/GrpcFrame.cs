using System.Buffers;

namespace SyncKairos.Gateway.Grpc;

/// <summary>One length-prefixed message: its payload still points into the reader's buffer.</summary>
public readonly record struct GrpcFrame(bool IsCompressed, ReadOnlySequence<byte> Payload);
