using System.Buffers;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>Builds multi-segment sequences, as a pipe hands over bytes that arrived in separate reads.</summary>
public sealed class SegmentedSequence : ReadOnlySequenceSegment<byte>
{
    private SegmentedSequence(ReadOnlyMemory<byte> memory) => Memory = memory;

    public static ReadOnlySequence<byte> Create(params byte[][] segments)
    {
        if (segments.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new SegmentedSequence(segments[0]);
        var last = first;
        foreach (var segment in segments.Skip(1))
        {
            var next = new SegmentedSequence(segment) { RunningIndex = last.RunningIndex + last.Memory.Length };
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="bytes"/> at each of <paramref name="cuts"/> (ascending offsets).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var parts = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts.Append(bytes.Length))
        {
            parts.Add(bytes[start..cut]);
            start = cut;
        }

        return Create([.. parts]);
    }
}
