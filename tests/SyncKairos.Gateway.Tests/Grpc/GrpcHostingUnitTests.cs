using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using SyncKairos.Gateway.Grpc;

namespace SyncKairos.Gateway.Tests.Grpc;

public sealed class GrpcHostingUnitTests
{
    [Fact]
    public void KeepAlivePingsAreConfigured()
    {
        var kestrel = new KestrelServerOptions();

        kestrel.ConfigureGrpcEndpoint(new GrpcEndpointOptions { KeepAlivePingDelay = TimeSpan.FromSeconds(7), KeepAlivePingTimeout = TimeSpan.FromSeconds(3) });

        Assert.Equal(TimeSpan.FromSeconds(7), kestrel.Limits.Http2.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), kestrel.Limits.Http2.KeepAlivePingTimeout);
    }

    [Fact]
    public void DefaultsPingEveryThirtySeconds()
    {
        var options = new GrpcEndpointOptions();

        Assert.Null(options.Url);
        Assert.Equal(TimeSpan.FromSeconds(30), options.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), options.KeepAlivePingTimeout);
    }

    [Fact]
    public void HttpsUrlIsRefused()
    {
        var kestrel = new KestrelServerOptions();

        Assert.Throws<InvalidOperationException>(() => kestrel.ConfigureGrpcEndpoint(new GrpcEndpointOptions { Url = "https://127.0.0.1:5001" }));
    }

    [Theory]
    [InlineData("http://*:0")]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://[::1]:0")]
    public void H2cUrlsParse(string url)
    {
        var kestrel = new KestrelServerOptions();

        kestrel.ConfigureGrpcEndpoint(new GrpcEndpointOptions { Url = url });
    }

    [Fact]
    public void HostUrlsComeFromUrlsFirst()
    {
        var configuration = Configuration(("urls", "http://127.0.0.1:8080; http://[::1]:8081"), ("http_ports", "9000"));

        Assert.Equal(["http://127.0.0.1:8080", "http://[::1]:8081"], GrpcHostingExtensions.HostUrls(configuration));
    }

    [Fact]
    public void HostUrlsComeFromPortsWithoutUrls()
    {
        var configuration = Configuration(("http_ports", "8080;8081"), ("https_ports", "8443"));

        Assert.Equal(["http://*:8080", "http://*:8081", "https://*:8443"], GrpcHostingExtensions.HostUrls(configuration));
    }

    [Fact]
    public void HostUrlsDefaultToKestrelsDefault() =>
        Assert.Equal(["http://localhost:5000"], GrpcHostingExtensions.HostUrls(Configuration()));

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
