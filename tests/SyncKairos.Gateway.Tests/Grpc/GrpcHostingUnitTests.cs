using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
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
    public async Task EndpointServesHttp2Only()
    {
        await using var server = new GrpcTestServer();
        await server.InitializeAsync();
        using var client = new HttpClient { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/synckairos.test.v1.EchoService/Echo")
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Kestrel itself refuses HTTP/1.x on an HTTP/2-only endpoint, before any gRPC code runs.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("HTTP/2 only endpoint", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
