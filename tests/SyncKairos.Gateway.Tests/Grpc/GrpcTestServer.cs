using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncKairos.Gateway.Grpc;

namespace SyncKairos.Gateway.Tests.Grpc;

/// <summary>
/// A real Kestrel h2c endpoint on a free loopback port, configured by the layer's own
/// <see cref="GrpcHostingExtensions.ConfigureGrpcEndpoint(WebApplicationBuilder)"/>, hosting
/// <see cref="EchoTestService"/>.
/// </summary>
public sealed class GrpcTestServer : IAsyncLifetime
{
    private WebApplication? app;

    public EchoTestService Service { get; } = new();

    public Uri Address { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SyncKairos:Grpc:Url"] = "http://127.0.0.1:0",
            ["SyncKairos:Grpc:KeepHostUrls"] = "false",
            ["SyncKairos:Grpc:KeepAlivePingDelay"] = "00:00:10",
        });
        builder.Logging.ClearProviders();
        builder.ConfigureGrpcEndpoint();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(Service);
        app = builder.Build();
        app.MapGrpcService<EchoTestService>();
        app.MapPost("/plain/route", () => "plain");
        await app.StartAsync(TestContext.Current.CancellationToken);
        Address = new Uri(app.Urls.Single());
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}
