using System.Net.Sockets;
using System.Text;

namespace SyncKairos.Gateway.Tests.Infrastructure;

/// <summary>
/// A client that completes the WebSocket handshake and then never reads or answers anything: what a
/// crashed browser tab or a dead network path looks like to the server.
/// </summary>
public sealed class SilentWebSocketPeer : IDisposable
{
    private readonly TcpClient _tcp = new();

    public static async Task<SilentWebSocketPeer> ConnectAsync(Uri baseAddress, string sessionId)
    {
        var peer = new SilentWebSocketPeer();
        await peer._tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, TestContext.Current.CancellationToken);
        var stream = peer._tcp.GetStream();
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var request = $"GET /ws?sessionId={sessionId} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nUpgrade: websocket\r\n"
            + $"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);
        var buffer = new byte[12];
        var read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
        Assert.StartsWith("HTTP/1.1 101", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        return peer;
    }

    public void Dispose() => _tcp.Dispose();
}
