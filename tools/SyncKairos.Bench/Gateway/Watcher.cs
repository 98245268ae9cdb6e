using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;

namespace SyncKairos.Bench.Gateway;

/// <summary>One WebSocket watcher of a session; every message is handed to a callback with its receipt timestamp.</summary>
public sealed class Watcher : IDisposable
{
    private readonly ClientWebSocket _socket = new();
    private Task _receiving = Task.CompletedTask;

    public Watcher(Guid sessionId)
    {
        SessionId = sessionId;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    public Guid SessionId { get; }

    public WebSocketState State => _socket.State;

    /// <summary>Why the receive loop ended while the client still wanted it: the server's close status or the socket error.</summary>
    public string? Failure { get; private set; }

    public Task Receiving => _receiving;

    /// <summary>Connects through <paramref name="invoker"/> (which chooses the source address) and starts receiving.</summary>
    public async Task ConnectAsync(Uri target, HttpMessageInvoker invoker, Action<Watcher, WatcherMessage, long> onMessage, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        var ws = new UriBuilder(target) { Scheme = target.Scheme == "https" ? "wss" : "ws", Path = "/ws", Query = $"sessionId={SessionId}" }.Uri;
        await _socket.ConnectAsync(ws, invoker, ct);
        _receiving = ReceiveAsync(onMessage, ct);
    }

    public void Dispose()
    {
        _socket.Abort();
        _socket.Dispose();
    }

    private async Task ReceiveAsync(Action<Watcher, WatcherMessage, long> onMessage, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Failure = "closed_" + ((int?)_socket.CloseStatus)?.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return;
                }

                buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    var received = Stopwatch.GetTimestamp();
                    onMessage(this, WatcherMessage.Parse(buffer.WrittenSpan), received);
                    buffer.ResetWrittenCount();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException ex)
        {
            Failure = ex.WebSocketErrorCode.ToString();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
