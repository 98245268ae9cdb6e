using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace SyncKairos.Gateway.Grpc;

/// <summary>Writes length-prefixed messages.</summary>
public static class GrpcFrameWriter
{
    /// <summary>Writes <paramref name="message"/> uncompressed, serialized straight into the writer.</summary>
    public static void WriteMessage(IBufferWriter<byte> writer, IMessage message)
    {
        var size = message.CalculateSize();
        var span = writer.GetSpan(GrpcProtocol.FrameHeaderSize + size);
        span[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
        message.WriteTo(span.Slice(GrpcProtocol.FrameHeaderSize, size));
        writer.Advance(GrpcProtocol.FrameHeaderSize + size);
    }

    /// <summary>Writes an already encoded payload with the given compressed flag.</summary>
    public static void WriteFrame(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload, bool compressed)
    {
        var span = writer.GetSpan(GrpcProtocol.FrameHeaderSize + payload.Length);
        span[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)payload.Length);
        payload.CopyTo(span[GrpcProtocol.FrameHeaderSize..]);
        writer.Advance(GrpcProtocol.FrameHeaderSize + payload.Length);
    }
}
