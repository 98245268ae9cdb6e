using System.Net;
using System.Net.Sockets;
using System.Text;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Tests.Client;

/// <summary>A peer that answers the handshake and then sends bytes that are not RESP: the link must drop, nothing may hang.</summary>
public class HostilePeerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MalformedReplyFailsTheCommandAndDropsTheLink()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var peerSawClose = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var peer = Task.Run(
            async () =>
            {
                using var client = await listener.AcceptTcpClientAsync(Ct);
                var stream = client.GetStream();
                await ReadUntilAsync(stream, "HELLO\r\n$1\r\n3\r\n");
                await stream.WriteAsync("+OK\r\n"u8.ToArray(), Ct);
                await ReadUntilAsync(stream, "ECHO\r\n$5\r\nhello\r\n");
                await stream.WriteAsync("?this is not RESP\r\n"u8.ToArray(), Ct);
                var buffer = new byte[256];
                while (await stream.ReadAsync(buffer, Ct) > 0)
                {
                }

                peerSawClose.TrySetResult();
            },
            Ct);

        var options = new RedisOptions { Host = "127.0.0.1", Port = port, ReconnectBaseDelay = TimeSpan.FromSeconds(1), ReconnectMaxDelay = TimeSpan.FromSeconds(5) };
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => redis.ExecuteAsync("ECHO", ["hello"], Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.True(error.MayHaveExecuted);
        Assert.IsType<RespProtocolException>(error.InnerException);
        await peerSawClose.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await peer;
    }

    private static async Task ReadUntilAsync(NetworkStream stream, string marker)
    {
        var seen = new StringBuilder();
        var buffer = new byte[256];
        while (!seen.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, Ct);
            if (read == 0)
            {
                throw new IOException($"client closed before sending {marker}");
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }
}
