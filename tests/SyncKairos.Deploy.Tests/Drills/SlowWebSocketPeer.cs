using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace SyncKairos.Deploy.Tests.Drills;

/// <summary>
/// A WebSocket watcher that stops reading after the handshake, with a tiny receive buffer: the server's sends
/// back up as they would behind a slow mobile link. <see cref="DrainAsync"/> then reads everything to find the
/// close frame the server sent, if any.
/// </summary>
public sealed class SlowWebSocketPeer : IDisposable
{
    private readonly TcpClient _tcp = new() { ReceiveBufferSize = 4096 };

    public static async Task<SlowWebSocketPeer> ConnectAsync(Uri baseAddress, string sessionId)
    {
        var peer = new SlowWebSocketPeer();
        await peer._tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, TestContext.Current.CancellationToken);
        var stream = peer._tcp.GetStream();
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var request = $"GET /ws?sessionId={sessionId} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nUpgrade: websocket\r\n"
            + $"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);

        // Read the handshake response only, byte by byte up to the blank line, leaving frames unread.
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await stream.ReadAsync(one, TestContext.Current.CancellationToken));
            header.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", header.ToString(), StringComparison.Ordinal);
        return peer;
    }

    /// <summary>Reads frames until the server's close frame (its status code) or the end of the connection (null).</summary>
    public async Task<(int? CloseCode, long FramesRead)> DrainAsync(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        var stream = _tcp.GetStream();
        long frames = 0;
        try
        {
            while (true)
            {
                var head = new byte[2];
                await stream.ReadExactlyAsync(head, cts.Token);
                var opcode = head[0] & 0x0F;
                long length = head[1] & 0x7F;
                if (length == 126)
                {
                    var ext = new byte[2];
                    await stream.ReadExactlyAsync(ext, cts.Token);
                    length = BinaryPrimitives.ReadUInt16BigEndian(ext);
                }
                else if (length == 127)
                {
                    var ext = new byte[8];
                    await stream.ReadExactlyAsync(ext, cts.Token);
                    length = (long)BinaryPrimitives.ReadUInt64BigEndian(ext);
                }

                var payload = new byte[length];
                await stream.ReadExactlyAsync(payload, cts.Token);
                frames++;
                if (opcode == 8)
                {
                    return (length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : null, frames);
                }
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or SocketException)
        {
            return (null, frames);
        }
    }

    public void Dispose() => _tcp.Dispose();
}
