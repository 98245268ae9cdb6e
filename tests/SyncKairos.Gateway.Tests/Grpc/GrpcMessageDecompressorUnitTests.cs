using System.Buffers;
using SyncKairos.Gateway.Grpc;

namespace SyncKairos.Gateway.Tests.Grpc;

public sealed class GrpcMessageDecompressorUnitTests
{
    [Theory]
    [InlineData("gzip")]
    [InlineData("GZIP")]
    public void GzipRoundTrips(string encoding)
    {
        var data = Enumerable.Range(0, 5000).Select(i => (byte)(i % 13)).ToArray();
        var compressed = GrpcWire.Gzip(data);
        var split = SegmentedSequence.Split(compressed, compressed.Length / 2);

        Assert.Equal(data, GrpcMessageDecompressor.Decompress(encoding, split, 10_000));
    }

    [Fact]
    public void DecompressedSizeOverTheLimitIsResourceExhausted()
    {
        var compressed = GrpcWire.Gzip(new byte[100_000]);

        var error = Assert.Throws<GrpcException>(() =>
            GrpcMessageDecompressor.Decompress("gzip", new ReadOnlySequence<byte>(compressed), 50_000));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public void CorruptGzipIsInternal()
    {
        var compressed = GrpcWire.Gzip(new byte[1000]);
        compressed[12] ^= 0xFF;
        compressed[13] ^= 0xFF;

        var error = Assert.Throws<GrpcException>(() =>
            GrpcMessageDecompressor.Decompress("gzip", new ReadOnlySequence<byte>(compressed), 50_000));
        Assert.Equal(GrpcStatusCode.Internal, error.StatusCode);
    }

    [Theory]
    [InlineData("snappy")]
    [InlineData("deflate")]
    public void UnknownEncodingIsUnimplemented(string encoding)
    {
        var error = Assert.Throws<GrpcException>(() =>
            GrpcMessageDecompressor.Decompress(encoding, new ReadOnlySequence<byte>([1, 2]), 50_000));
        Assert.Equal(GrpcStatusCode.Unimplemented, error.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    public void CompressedFlagWithoutAnEncodingIsInternal(string? encoding)
    {
        var error = Assert.Throws<GrpcException>(() =>
            GrpcMessageDecompressor.Decompress(encoding, new ReadOnlySequence<byte>([1, 2]), 50_000));
        Assert.Equal(GrpcStatusCode.Internal, error.StatusCode);
    }
}
