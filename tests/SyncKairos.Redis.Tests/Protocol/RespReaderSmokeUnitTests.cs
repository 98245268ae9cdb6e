using System.Buffers;
using System.Text;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Tests.Protocol;

public class RespReaderSmokeUnitTests
{
    [Fact]
    public void ReadsBulkStringAndLeavesTrailingBytes()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("$5\r\nhello\r\n+OK\r\n"));
        Assert.True(RespReader.TryRead(ref buffer, out var value));
        Assert.Equal(RespType.BulkString, value.Type);
        Assert.Equal("hello", value.AsString());
        Assert.Equal(5, buffer.Length);
    }

    [Fact]
    public void IncompleteInputConsumesNothing()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("*2\r\n:1\r\n"));
        Assert.False(RespReader.TryRead(ref buffer, out _));
        Assert.Equal(8, buffer.Length);
    }
}
