using System.Buffers;
using System.Text;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Tests.Protocol;

public class RespWriterUnitTests
{
    [Fact]
    public void CommandIsAnArrayOfBulkStrings()
    {
        var output = new ArrayBufferWriter<byte>();
        RespWriter.WriteCommand(output, "SET", ["clé", 42L, -7, new byte[] { 0, 13, 10 }, ReadOnlyMemory<byte>.Empty]);
        var expected = "*6\r\n$3\r\nSET\r\n$4\r\nclé\r\n$2\r\n42\r\n$2\r\n-7\r\n$3\r\n\0\r\n\r\n$0\r\n\r\n";
        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void ExtremeIntegersAreWrittenInFull()
    {
        var output = new ArrayBufferWriter<byte>();
        RespWriter.WriteCommand(output, "X", [long.MinValue, long.MaxValue]);
        Assert.Equal("*3\r\n$1\r\nX\r\n$20\r\n-9223372036854775808\r\n$19\r\n9223372036854775807\r\n", Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void WrittenCommandReadsBackAsTheSameArray()
    {
        var output = new ArrayBufferWriter<byte>();
        var big = new string('x', 100_000);
        RespWriter.WriteCommand(output, "ECHO", [big]);
        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        Assert.True(RespReader.TryRead(ref buffer, out var value));
        Assert.Equal(["ECHO", big], value.Items.Select(i => i.AsString()));
    }
}
