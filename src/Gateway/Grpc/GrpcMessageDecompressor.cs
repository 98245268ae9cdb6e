using System.Buffers;
using System.IO.Compression;

namespace SyncKairos.Gateway.Grpc;

/// <summary>Decompresses messages sent with the compressed flag, per the call's <c>grpc-encoding</c>.</summary>
public static class GrpcMessageDecompressor
{
    /// <summary>
    /// Returns the decompressed payload. The decompressed size is held to
    /// <paramref name="maxMessageSize"/> too, so a small gzip bomb cannot allocate past the limit.
    /// </summary>
    public static byte[] Decompress(string? encoding, ReadOnlySequence<byte> payload, int maxMessageSize)
    {
        if (encoding is null || string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new GrpcException(
                GrpcStatusCode.Internal,
                "Request did not include grpc-encoding value with compressed message");
        }

        if (!string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            throw new GrpcException(
                GrpcStatusCode.Unimplemented,
                $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: {GrpcProtocol.SupportedEncodings}");
        }

        using var input = new MemoryStream(payload.ToArray(), writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = ReadChunk(gzip, chunk)) > 0)
            {
                if (output.Length + read > maxMessageSize)
                {
                    throw new GrpcException(
                        GrpcStatusCode.ResourceExhausted,
                        $"Received message larger than max (decompressed over {maxMessageSize})");
                }

                output.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return output.ToArray();
    }

    private static int ReadChunk(GZipStream gzip, byte[] chunk)
    {
        try
        {
            return gzip.Read(chunk, 0, chunk.Length);
        }
        catch (InvalidDataException ex)
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"Failed to decompress message: {ex.Message}");
        }
    }
}
