using System.Buffers;
using System.Buffers.Binary;

namespace SyncKairos.Gateway.Grpc;

/// <summary>
/// Reads length-prefixed messages from a byte sequence, independent of how the bytes were split into
/// DATA frames. Violations throw <see cref="GrpcException"/>.
/// </summary>
public static class GrpcFrameReader
{
    /// <summary>
    /// Reads one message if the whole of it is in <paramref name="buffer"/>, advancing past it.
    /// The length is checked against <paramref name="maxMessageSize"/> as soon as the 5-byte header is
    /// there, so an oversize message is refused before any of its payload is buffered.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out GrpcFrame frame)
    {
        frame = default;
        if (buffer.Length < GrpcProtocol.FrameHeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocol.FrameHeaderSize];
        buffer.Slice(0, GrpcProtocol.FrameHeaderSize).CopyTo(header);
        var compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new GrpcException(GrpcStatusCode.Internal, $"Unexpected compressed flag value {header[0]} in a message header."),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize)
        {
            throw new GrpcException(
                GrpcStatusCode.ResourceExhausted,
                $"Received message larger than max ({length} vs. {maxMessageSize})");
        }

        var total = GrpcProtocol.FrameHeaderSize + (long)length;
        if (buffer.Length < total)
        {
            return false;
        }

        frame = new GrpcFrame(compressed, buffer.Slice(GrpcProtocol.FrameHeaderSize, length));
        buffer = buffer.Slice(total);
        return true;
    }
}
