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

    private bool _kestrel;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (_kestrel)
        {
            // The port goes in as the app's own URL, not UseKestrel(port): that variant rewrites the server's
            // addresses after the app has started binding, a race that sometimes throws "Addresses cannot be
            // modified after the server has started" (dotnet/aspnetcore PR 67714).
            builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        }

        builder.UseSetting("SyncKairos:Redis:ConnectionString", redisEndpoint);
        builder.UseSetting("SyncKairos:Embedded:DataDirectory", DataDirectory);
        builder.UseSetting("SyncKairos:WebSockets:PingInterval", "00:00:01");
        foreach (var (key, value) in TestDefaults.Settings)
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
        _kestrel = true;
        UseKestrel();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }
}
