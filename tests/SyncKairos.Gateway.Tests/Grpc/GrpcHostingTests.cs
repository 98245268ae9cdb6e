using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Tests.Grpc.Echo;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>ConfigureGrpcEndpoint on real Kestrel: the h2c endpoint, and the host's own endpoint kept beside it.</summary>
public sealed class GrpcHostingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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

    [Fact]
    public async Task HostUrlsKeepServingHttp1BesideTheH2cEndpoint()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SyncKairos:Grpc:Url"] = "http://127.0.0.1:0" });
        builder.Logging.ClearProviders();
        builder.ConfigureGrpcEndpoint();
        builder.Services.AddGrpc();
        await using var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapGrpcService<EchoTestService>();
        await app.StartAsync(Ct);
        try
        {
            var addresses = app.Urls.Select(u => new Uri(u)).ToList();
            Assert.Equal(2, addresses.Count);
            var answers = new List<string>();
            foreach (var address in addresses)
            {
                using var http1 = new HttpClient { BaseAddress = address };
                using var plain = new HttpRequestMessage(HttpMethod.Get, "/health") { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                using var plainResponse = await http1.SendAsync(plain, Ct);
                using var grpc = GrpcWire.CreateClient(address);
                string grpcAnswer;
                try
                {
                    var call = await GrpcWire.CallAsync(grpc, GrpcWire.Request("/synckairos.test.v1.EchoService/Echo", GrpcWire.Frame(new EchoRequest { Text = "x" })), Ct);
                    grpcAnswer = $"grpc-status {call.Status}";
                }
                catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.HttpProtocolError)
                {
                    grpcAnswer = "h2c refused";
                }

                using var grpcOverHttp1 = new HttpRequestMessage(HttpMethod.Post, "/synckairos.test.v1.EchoService/Echo")
                {
                    Version = HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    Content = new ByteArrayContent(GrpcWire.Frame(new EchoRequest())),
                };
                grpcOverHttp1.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
                using var http1Grpc = await http1.SendAsync(grpcOverHttp1, Ct);

                answers.Add($"{(int)plainResponse.StatusCode}, {grpcAnswer}, gRPC over HTTP/1.1 {(int)http1Grpc.StatusCode}");
            }

            // The host's cleartext endpoint serves HTTP/1.1 and, as Kestrel does there, refuses h2c prior
            // knowledge (HTTP_1_1_REQUIRED); gRPC sent there over HTTP/1.1 gets 426 from grpc-dotnet. The gRPC
            // endpoint refuses HTTP/1.1 (Kestrel's 400) and serves gRPC.
            Assert.Equal(["200, h2c refused, gRPC over HTTP/1.1 426", "400, grpc-status 0, gRPC over HTTP/1.1 400"], answers.Order());
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }
}
