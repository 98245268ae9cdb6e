using System.Buffers;
using System.Text;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Tests.Protocol;

/// <summary>Every RESP2/RESP3 frame fed whole, with trailing bytes, split at every byte and one byte per segment.</summary>
public class RespReaderUnitTests
{
    public static TheoryData<string, string> Frames => new()
    {
        { "+OK\r\n", "SimpleString:OK" },
        { "+\r\n", "SimpleString:" },
        { "-ERR unknown command\r\n", "SimpleError:ERR unknown command" },
        { ":0\r\n", "int:0" },
        { ":-42\r\n", "int:-42" },
        { ":9223372036854775807\r\n", "int:9223372036854775807" },
        { ":-9223372036854775808\r\n", "int:-9223372036854775808" },
        { "$5\r\nhello\r\n", "BulkString:hello" },
        { "$0\r\n\r\n", "BulkString:" },
        { "$4\r\na\r\nb\r\n", "BulkString:a\r\nb" },
        { "$-1\r\n", "null" },
        { "*-1\r\n", "null" },
        { "*0\r\n", "Array[]" },
        { "*3\r\n:1\r\n$1\r\nx\r\n*1\r\n+y\r\n", "Array[int:1,BulkString:x,Array[SimpleString:y]]" },
        { "*2\r\n$-1\r\n*-1\r\n", "Array[null,null]" },
        { "_\r\n", "null" },
        { ",3.14\r\n", "double:3.14" },
        { ",-1.5e10\r\n", "double:-15000000000" },
        { ",1E-3\r\n", "double:0.001" },
        { ",10\r\n", "double:10" },
        { ",inf\r\n", "double:Infinity" },
        { ",-inf\r\n", "double:-Infinity" },
        { ",nan\r\n", "double:NaN" },
        { "#t\r\n", "bool:True" },
        { "#f\r\n", "bool:False" },
        { "!21\r\nSYNTAX invalid syntax\r\n", "BulkError:SYNTAX invalid syntax" },
        { "=15\r\ntxt:Some string\r\n", "VerbatimString:Some string" },
        { "(3492890328409238509324850943850943825024385\r\n", "BigNumber:3492890328409238509324850943850943825024385" },
        { "(-12\r\n", "BigNumber:-12" },
        { "%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n", "Map[SimpleString:first,int:1,SimpleString:second,int:2]" },
        { "%0\r\n", "Map[]" },
        { "~3\r\n+a\r\n+b\r\n#t\r\n", "Set[SimpleString:a,SimpleString:b,bool:True]" },
        { ">3\r\n+message\r\n+ch\r\n$2\r\nhi\r\n", "Push[SimpleString:message,SimpleString:ch,BulkString:hi]" },
        { "|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:2039123\r\n:9543892\r\n", "Array[int:2039123,int:9543892]" },
        { "*2\r\n|1\r\n+ttl\r\n:3600\r\n:1\r\n:2\r\n", "Array[int:1,int:2]" },
        { "%1\r\n*2\r\n:1\r\n:2\r\n~1\r\n_\r\n", "Map[Array[int:1,int:2],Set[null]]" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void FrameFedWhole(string frame, string expected)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(frame));
        Assert.True(RespReader.TryRead(ref buffer, out var value));
        Assert.Equal(expected, RespText.Describe(value));
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void FrameWithTrailingBytesLeavesThemUnread(string frame, string expected)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(frame + "+NEXT\r\n*2\r\n"));
        Assert.True(RespReader.TryRead(ref buffer, out var value));
        Assert.Equal(expected, RespText.Describe(value));
        Assert.Equal("+NEXT\r\n*2\r\n", Encoding.UTF8.GetString(buffer.ToArray()));
        Assert.True(RespReader.TryRead(ref buffer, out var next));
        Assert.Equal("SimpleString:NEXT", RespText.Describe(next));
        Assert.False(RespReader.TryRead(ref buffer, out _));
        Assert.Equal("*2\r\n", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void FrameSplitAtEveryByte(string frame, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(frame);
        for (var at = 0; at <= bytes.Length; at++)
        {
            var buffer = Segments.SplitAt(bytes, at);
            Assert.True(RespReader.TryRead(ref buffer, out var value), $"split at {at}");
            Assert.Equal(expected, RespText.Describe(value));
            Assert.True(buffer.IsEmpty);
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void FrameOneBytePerSegment(string frame, string expected)
    {
        var buffer = Segments.OneBytePerSegment(Encoding.UTF8.GetBytes(frame));
        Assert.True(RespReader.TryRead(ref buffer, out var value));
        Assert.Equal(expected, RespText.Describe(value));
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void EveryProperPrefixIsIncompleteAndConsumesNothing(string frame, string expected)
    {
        _ = expected;
        var bytes = Encoding.UTF8.GetBytes(frame);
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = Segments.OneBytePerSegment(bytes[..length]);
            Assert.False(RespReader.TryRead(ref buffer, out _), $"prefix of {length} bytes");
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void LargeBulkAcrossManySegments()
    {
        var payload = new byte[1024 * 1024];
        new Random(7).NextBytes(payload);
        var frame = Encoding.ASCII.GetBytes($"${payload.Length}\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
        var parts = frame.Chunk(4093).ToArray();
        var buffer = Segments.Of(parts);
        Assert.True(RespReader.TryRead(ref buffer, out var value));
        Assert.Equal(payload, value.Bytes.ToArray());
    }
}
