using SyncKairos.Gateway.Grpc;

namespace SyncKairos.Gateway.Tests.Grpc;

public sealed class GrpcBinaryHeaderUnitTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(31)]
    public void EncodesUnpaddedAndDecodesPaddedOrNot(int length)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(250 - i)).ToArray();
        var padded = Convert.ToBase64String(bytes);
        var unpadded = GrpcBinaryHeader.Encode(bytes);

        Assert.DoesNotContain('=', unpadded);
        Assert.True(GrpcBinaryHeader.TryDecode(padded, out var fromPadded));
        Assert.True(GrpcBinaryHeader.TryDecode(unpadded, out var fromUnpadded));
        Assert.Equal(bytes, fromPadded);
        Assert.Equal(bytes, fromUnpadded);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("AAAAA")]
    [InlineData("!!!!")]
    public void InvalidBase64IsRefused(string value) => Assert.False(GrpcBinaryHeader.TryDecode(value, out _));
}
