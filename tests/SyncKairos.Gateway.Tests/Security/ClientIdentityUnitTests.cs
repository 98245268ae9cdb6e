using System.Net;
using SyncKairos.Gateway.RateLimiting;

namespace SyncKairos.Gateway.Tests.Security;

public sealed class ClientIdentityUnitTests
{
    private static readonly ClientIdentity Identity = new(["10.0.0.0/8", "::1/128"]);

    [Fact]
    public void UntrustedPeerIsTheClientWhateverItForwards() =>
        Assert.Equal("203.0.113.9", Identity.ClientAddress(IPAddress.Parse("203.0.113.9"), ["1.2.3.4"]));

    [Fact]
    public void TrustedProxyForwardsTheRightMostUntrustedHop() =>
        Assert.Equal("198.51.100.7", Identity.ClientAddress(IPAddress.Parse("10.1.2.3"), ["6.6.6.6, 198.51.100.7, 10.9.9.9"]));

    [Fact]
    public void GarbageInForwardedForStopsTheWalk() =>
        Assert.Equal("10.1.2.3", Identity.ClientAddress(IPAddress.Parse("10.1.2.3"), ["not-an-ip"]));

    [Fact]
    public void MappedIpv4IsNormalised() =>
        Assert.Equal("198.51.100.7", Identity.ClientAddress(IPAddress.Parse("::ffff:10.0.0.1"), ["198.51.100.7"]));

    [Fact]
    public void NoPeerAddressIsUnknown() => Assert.Equal("unknown", Identity.ClientAddress(null, []));
}
