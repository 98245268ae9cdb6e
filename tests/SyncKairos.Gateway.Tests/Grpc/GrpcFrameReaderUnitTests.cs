using System.Buffers;
using SyncKairos.Gateway.Grpc;

namespace SyncKairos.Gateway.Tests.Grpc;

public sealed class GrpcFrameReaderUnitTests
{
    private const int Limit = 1024;

    public static TheoryData<int> PayloadSizes => [0, 1, 4, 5, 6, 127, 300];

    private static byte[] Payload(int size) => Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();

    [Theory]
    [MemberData(nameof(PayloadSizes))]
    public void EveryMessageSplitAtEveryByteIsReadWhole(int size)
    {
        var payload = Payload(size);
        var frame = GrpcWire.Frame(payload, compressed: false);
        for (var cut = 0; cut <= frame.Length; cut++)
        {
            var buffer = SegmentedSequence.Split(frame, cut);
            Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var read), $"split at {cut}");
            Assert.Equal(payload, read.Payload.ToArray());
            Assert.False(read.IsCompressed);
            Assert.True(buffer.IsEmpty);
        }
    }

    [Theory]
    [MemberData(nameof(PayloadSizes))]
    public void OneBytePerSegmentIsReadWhole(int size)
    {
        var payload = Payload(size);
        var frame = GrpcWire.Frame(payload, compressed: false);
        var buffer = SegmentedSequence.Create(frame.Select(b => new[] { b }).ToArray());

        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var read));
        Assert.Equal(payload, read.Payload.ToArray());
    }

    [Theory]
    [MemberData(nameof(PayloadSizes))]
    public void EveryPrefixIsIncompleteAndConsumesNothing(int size)
    {
        var frame = GrpcWire.Frame(Payload(size), compressed: false);
        for (var length = 0; length < frame.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(frame, 0, length);
            Assert.False(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out _), $"prefix of {length}");
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void BackToBackMessagesSplitAtEveryByteAreReadInOrder()
    {
        byte[] frames = [.. GrpcWire.Frame(Payload(3), false), .. GrpcWire.Frame(Payload(0), false), .. GrpcWire.Frame(Payload(9), true)];
        for (var cut = 0; cut <= frames.Length; cut++)
        {
            var buffer = SegmentedSequence.Split(frames, cut);
            var sizes = new List<(int, bool)>();
            while (GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var read))
            {
                sizes.Add(((int)read.Payload.Length, read.IsCompressed));
            }

            Assert.Equal([(3, false), (0, false), (9, true)], sizes);
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void TrailingBytesStayInTheBuffer()
    {
        byte[] bytes = [.. GrpcWire.Frame(Payload(4), false), 0, 0];
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out _));
        Assert.Equal(2, buffer.Length);
        Assert.False(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out _));
    }

    [Fact]
    public void MessageAtTheLimitIsAccepted()
    {
        var buffer = new ReadOnlySequence<byte>(GrpcWire.Frame(Payload(Limit), false));

        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var read));
        Assert.Equal(Limit, read.Payload.Length);
    }

    [Fact]
    public void OversizeIsResourceExhaustedFromTheHeaderAlone()
    {
        var header = GrpcWire.Frame(Payload(Limit + 1), false)[..5];
        var buffer = new ReadOnlySequence<byte>(header);

        var error = Assert.Throws<GrpcException>(() => GrpcFrameReader.TryReadFrame(ref buffer, Limit, out _));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public void LengthAboveIntMaxIsResourceExhausted()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0xFF, 0xFF, 0xFF, 0xFF });

        var error = Assert.Throws<GrpcException>(() => GrpcFrameReader.TryReadFrame(ref buffer, int.MaxValue, out _));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public void BadCompressedFlagIsInternal(byte flag)
    {
        var frame = GrpcWire.Frame(Payload(2), false);
        frame[0] = flag;
        var buffer = new ReadOnlySequence<byte>(frame);

        var error = Assert.Throws<GrpcException>(() => GrpcFrameReader.TryReadFrame(ref buffer, Limit, out _));
        Assert.Equal(GrpcStatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public void CompressedFlagIsReported()
    {
        var buffer = new ReadOnlySequence<byte>(GrpcWire.Frame(Payload(2), compressed: true));

        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var read));
        Assert.True(read.IsCompressed);
    }

    [Fact]
    public void WriterProducesWhatTheReaderReads()
    {
        var message = new Echo.EchoRequest { Text = "round trip" };
        var writer = new ArrayBufferWriter<byte>();
        GrpcFrameWriter.WriteMessage(writer, message);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);

        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var read));
        Assert.Equal(message, Echo.EchoRequest.Parser.ParseFrom(read.Payload));
    }
}
