using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SyncKairos.Gateway.Tests.Infrastructure;

/// <summary>The gateway in-process on a given Redis; with <see cref="StartKestrel"/> on a real loopback port for WebSocket clients.</summary>
public sealed class GatewayFactory(
    string redisEndpoint,
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    /// <summary>This instance's own embedded data directory (its SQLite audit file), removed on dispose.</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "synckairos-tests", $"gateway-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("SyncKairos:Redis:ConnectionString", redisEndpoint);
        builder.UseSetting("SyncKairos:Embedded:DataDirectory", DataDirectory);
        builder.UseSetting("SyncKairos:WebSockets:PingInterval", "00:00:01");
        foreach (var (key, value) in TestDefaults.Settings)
        {
            builder.UseSetting(key, value);
        }

        // A cluster of its own: in-process gateways of different test classes share the assembly's Redis, and
        // must not serve each other's sessions.
        foreach (var (key, value) in TestDefaults.Silo(clusterId: $"test-{Guid.NewGuid():N}"))
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Starts Kestrel on a free loopback port and returns its base address (http://127.0.0.1:port).</summary>
    public Uri StartKestrel()
    {
        // Not UseKestrel(port): that rewrites IServerAddressesFeature.Addresses after the host is built, while the
        // gateway's Program (a minimal-API app) starts Kestrel on its own thread; when the app wins that race, the
        // rewrite throws "Addresses cannot be modified after the server has started". An endpoint declared in the
        // Kestrel options is bound by the app's own start, and Kestrel reports the port it got once started.
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.Single());
    }
}
