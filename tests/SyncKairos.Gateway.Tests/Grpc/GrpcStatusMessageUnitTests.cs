using SyncKairos.Gateway.Grpc;

namespace SyncKairos.Gateway.Tests.Grpc;

public sealed class GrpcStatusMessageUnitTests
{
    [Theory]
    [InlineData("SESSION_NOT_FOUND", "SESSION_NOT_FOUND")]
    [InlineData("100%", "100%25")]
    [InlineData("a\tb\r\n", "a%09b%0D%0A")]
    [InlineData("café", "caf%C3%A9")]
    [InlineData("時計", "%E6%99%82%E8%A8%88")]
    [InlineData("~ !", "~ !")]
    public void EncodesPerTheSpec(string message, string encoded)
    {
        Assert.Equal(encoded, GrpcStatusMessage.Encode(message));
        Assert.Equal(message, GrpcStatusMessage.Decode(encoded));
    }

    [Theory]
    [InlineData("50%", "50%")]
    [InlineData("%zz", "%zz")]
    public void DecodesLeniently(string value, string decoded) => Assert.Equal(decoded, GrpcStatusMessage.Decode(value));
}
