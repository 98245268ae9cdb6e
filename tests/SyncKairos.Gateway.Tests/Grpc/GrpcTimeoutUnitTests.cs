using SyncKairos.Gateway.Grpc;

namespace SyncKairos.Gateway.Tests.Grpc;

public sealed class GrpcTimeoutUnitTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("1500u", 15_000L)]
    [InlineData("1000n", 10L)]
    [InlineData("1n", 1L)]
    [InlineData("0m", 0L)]
    [InlineData("99999999H", 99_999_999L * 36_000_000_000L)]
    public void EveryUnitParses(string value, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(TimeSpan.FromTicks(ticks), timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("10x")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    [InlineData(" 1S")]
    [InlineData("123456789S")]
    public void MalformedValuesAreRefused(string value) => Assert.False(GrpcTimeout.TryParse(value, out _));
}
