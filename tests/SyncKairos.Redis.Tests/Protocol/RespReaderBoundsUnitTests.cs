using System.Buffers;
using System.Text;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Tests.Protocol;

/// <summary>Malformed and oversized input raises a protocol error; it never crashes, allocates wildly or waits forever.</summary>
public class RespReaderBoundsUnitTests
{
    [Theory]
    [InlineData("?\r\n")]
    [InlineData(":12a\r\n")]
    [InlineData(":+1\r\n")]
    [InlineData(":\r\n")]
    [InlineData(":99999999999999999999\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("$3\r\nabcX\r\n")]
    [InlineData("$x\r\n")]
    [InlineData("*-5\r\n")]
    [InlineData("+OK\rX")]
    [InlineData("#x\r\n")]
    [InlineData("#tt\r\n")]
    [InlineData(",abc\r\n")]
    [InlineData("(12a\r\n")]
    [InlineData("(\r\n")]
    [InlineData("_x\r\n")]
    [InlineData("!-1\r\n")]
    [InlineData("%-1\r\n")]
    [InlineData("~-1\r\n")]
    [InlineData("=3\r\nabc\r\n")]
    [InlineData("+a\nb\r\n")]
    public void MalformedFrameThrowsProtocolError(string frame)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(frame));
        Assert.Throws<RespProtocolException>(() => RespReader.TryRead(ref buffer, out _));
    }

    [Fact]
    public void BulkOverTheLimitIsRefusedFromItsHeader()
    {
        var options = new RespReaderOptions { MaxBulkLength = 1024 };
        var buffer = new ReadOnlySequence<byte>("$1025\r\n"u8.ToArray());
        Assert.Throws<RespProtocolException>(() => RespReader.TryRead(ref buffer, out _, options));
    }

    [Fact]
    public void AggregateOverTheLimitIsRefusedFromItsHeader()
    {
        var options = new RespReaderOptions { MaxAggregateLength = 10 };
        var buffer = new ReadOnlySequence<byte>("*11\r\n"u8.ToArray());
        Assert.Throws<RespProtocolException>(() => RespReader.TryRead(ref buffer, out _, options));
    }

    [Fact]
    public void NestingDeeperThanTheLimitIsRefused()
    {
        var options = new RespReaderOptions { MaxDepth = 8 };
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", 9)) + ":1\r\n"));
        Assert.Throws<RespProtocolException>(() => RespReader.TryRead(ref buffer, out _, options));

        var ok = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", 8)) + ":1\r\n"));
        Assert.True(RespReader.TryRead(ref ok, out _, options));
    }

    [Fact]
    public void EndlessLineIsRefusedOnceLongerThanTheLimit()
    {
        var options = new RespReaderOptions { MaxLineLength = 100 };
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("+" + new string('a', 101)));
        Assert.Throws<RespProtocolException>(() => RespReader.TryRead(ref buffer, out _, options));
    }

    [Fact]
    public void LyingAggregateHeaderWaitsWithoutAllocatingItsClaim()
    {
        // Claims 60 million elements but sends two: the reader must wait for bytes, not allocate 60M slots.
        var buffer = new ReadOnlySequence<byte>("*60000000\r\n:1\r\n:2\r\n"u8.ToArray());
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.False(RespReader.TryRead(ref buffer, out _));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    [Fact]
    public void LyingBulkHeaderWaitsWithoutAllocatingItsClaim()
    {
        var buffer = new ReadOnlySequence<byte>("$400000000\r\nabc"u8.ToArray());
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.False(RespReader.TryRead(ref buffer, out _));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }
}
