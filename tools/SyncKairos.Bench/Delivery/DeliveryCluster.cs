using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace SyncKairos.Bench.Delivery;

/// <summary>Two silos in this process on localhost clustering: A activates the grains, B holds the subscribers.</summary>
internal sealed class DeliveryCluster : IAsyncDisposable
{
    public const string StreamProvider = "probe";
    public const string StreamNamespace = "probe";

    private readonly IHost _a;
    private readonly IHost _b;

    private DeliveryCluster(IHost a, IHost b)
    {
        _a = a;
        _b = b;
    }

    public IGrainFactory Publisher => _a.Services.GetRequiredService<IGrainFactory>();

    public IClusterClient Subscriber => _b.Services.GetRequiredService<IClusterClient>();

    public static async Task<DeliveryCluster> StartAsync(TimeSpan pullPeriod, CancellationToken ct)
    {
        var ports = Enumerable.Range(0, 4).Select(_ => FreePort()).ToArray();
        var primary = new IPEndPoint(IPAddress.Loopback, ports[0]);
        var a = Build(ports[0], ports[1], primary, pullPeriod);
        await a.StartAsync(ct);
        var b = Build(ports[2], ports[3], primary, pullPeriod);
        await b.StartAsync(ct);
        return new DeliveryCluster(a, b);
    }

    private static IHost Build(int siloPort, int gatewayPort, IPEndPoint primary, TimeSpan pullPeriod)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, primary, "delivery-probe", "delivery-probe");
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddMemoryStreams(StreamProvider, streams => streams.ConfigurePullingAgent(agent =>
                agent.Configure(options => options.GetQueueMsgsTimerPeriod = pullPeriod)));
        });
        return builder.Build();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _b.StopAsync();
        await _a.StopAsync();
        _b.Dispose();
        _a.Dispose();
    }
}
