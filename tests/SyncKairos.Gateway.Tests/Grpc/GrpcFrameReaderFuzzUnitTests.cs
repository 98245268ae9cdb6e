using System.Buffers;
using SyncKairos.Gateway.Grpc;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>Random streams of frames, cut into random segments and fed as a pipe would (seeded: reproducible).</summary>
public sealed class GrpcFrameReaderFuzzUnitTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomStreamsReadBackExactly(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var payloads = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => (Bytes: RandomBytes(random, random.Next(0, 600)), Compressed: random.Next(2) == 1))
                .ToList();
            var stream = payloads.SelectMany(p => GrpcWire.Frame(p.Bytes, p.Compressed)).ToArray();

            var read = FeedInRandomChunks(random, stream);

            Assert.Equal(payloads.Count, read.Count);
            for (var i = 0; i < payloads.Count; i++)
            {
                Assert.Equal(payloads[i].Bytes, read[i].Bytes);
                Assert.Equal(payloads[i].Compressed, read[i].Compressed);
            }
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void RandomGarbageNeverThrowsAnythingButGrpcException(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 2_000; round++)
        {
            var buffer = new ReadOnlySequence<byte>(RandomBytes(random, random.Next(0, 64)));
            try
            {
                while (GrpcFrameReader.TryReadFrame(ref buffer, 32, out var frame))
                {
                    Assert.InRange(frame.Payload.Length, 0, 32);
                }
            }
            catch (GrpcException ex)
            {
                Assert.True(ex.StatusCode is GrpcStatusCode.Internal or GrpcStatusCode.ResourceExhausted);
            }
        }
    }

    /// <summary>Appends chunks to a pending buffer and reads whatever is complete, like the request pipe loop.</summary>
    private static List<(byte[] Bytes, bool Compressed)> FeedInRandomChunks(Random random, byte[] stream)
    {
        var read = new List<(byte[], bool)>();
        var pending = new List<byte[]>();
        var offset = 0;
        while (offset < stream.Length)
        {
            var size = Math.Min(random.Next(1, 40), stream.Length - offset);
            pending.Add(stream[offset..(offset + size)]);
            offset += size;

            var buffer = SegmentedSequence.Create([.. pending]);
            while (GrpcFrameReader.TryReadFrame(ref buffer, 1024, out var frame))
            {
                read.Add((frame.Payload.ToArray(), frame.IsCompressed));
            }

            pending = buffer.IsEmpty ? [] : [buffer.ToArray()];
        }

        Assert.Empty(pending);
        return read;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
