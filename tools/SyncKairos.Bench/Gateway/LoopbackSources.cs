using System.Net;
using System.Net.Sockets;

namespace SyncKairos.Bench.Gateway;

/// <summary>
/// Spreads client connections over several loopback source addresses (127.0.0.2, 127.0.0.3, ...) so one
/// client can open more connections to one gateway port than a single address has ephemeral ports.
/// </summary>
public sealed class LoopbackSources(int count)
{
    private int _next;

    public int Count { get; } = Math.Max(0, count);

    /// <summary>A handler whose connections bind round-robin to the source addresses (or the default with count 0).</summary>
    public SocketsHttpHandler CreateHandler(int maxConnectionsPerServer)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnectionsPerServer,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            EnableMultipleHttp2Connections = false,
            UseCookies = false,
            UseProxy = false,
        };
        if (Count > 0)
        {
            handler.ConnectCallback = ConnectAsync;
        }

        return handler;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)Count);
        var source = new IPAddress([127, 0, 0, (byte)(2 + index)]);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
