using System.Buffers;
using System.Text;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Tests.Protocol;

/// <summary>Inputs that once crashed the reader (found by review or by <see cref="RespReaderFuzzUnitTests"/>), kept forever.</summary>
public class RespReaderFuzzRegressionUnitTests
{
    [Fact]
    public void MapHeaderNearInt64MaxDoesNotOverflowIntoANegativeArraySize()
    {
        // count * 2 overflowed to a negative element count, passed both bounds and crashed in new RespValue[n].
        var buffer = new ReadOnlySequence<byte>("%4611686018427387904\r\n"u8.ToArray());
        Assert.Throws<RespProtocolException>(() => RespReader.TryRead(ref buffer, out _));
    }

    [Fact]
    public void MapHeaderAtInt64MaxIsAProtocolError()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes($"%{long.MaxValue}\r\n"));
        Assert.Throws<RespProtocolException>(() => RespReader.TryRead(ref buffer, out _));
    }
}
