using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace SyncKairos.Gateway.Tests.Infrastructure;

/// <summary>
/// A .NET ClientWebSocket that reads continuously into a queue, stamping each message with its arrival time,
/// so tests wait for the message they expect (with a timeout) instead of sleeping.
/// </summary>
public sealed class WsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<Received> _messages = Channel.CreateUnbounded<Received>();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;

    private WsClient()
    {
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public WebSocketState State => _socket.State;

    /// <summary>Completes when the reader saw the server close or the connection die.</summary>
    public Task Closed => _reader;

    public static async Task<WsClient> ConnectAsync(Uri baseAddress, string? sessionId, bool read = true, TimeSpan? keepAlive = null)
    {
        var client = new WsClient();
        client._socket.Options.KeepAliveInterval = keepAlive ?? TimeSpan.Zero;
        var query = sessionId is null ? string.Empty : $"?sessionId={sessionId}";
        var uri = new Uri($"ws://{baseAddress.Authority}/ws{query}");
        await client._socket.ConnectAsync(uri, TestContext.Current.CancellationToken);
        if (read)
        {
            client._reader = Task.Run(client.ReadLoopAsync);
        }

        return client;
    }

    public Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    public Task SendBytesAsync(byte[] payload) =>
        _socket.SendAsync(payload, WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    /// <summary>One frame as given: text or binary, possibly a fragment of a message.</summary>
    public ValueTask SendFrameAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, bool endOfMessage) =>
        _socket.SendAsync(payload, type, endOfMessage, TestContext.Current.CancellationToken);

    /// <summary>Waits for the next message whose type is <paramref name="type"/> (skipping others) and returns it.</summary>
    public Task<Received> WaitForAsync(string type, TimeSpan? timeout = null, Func<JsonElement, bool>? where = null) =>
        WaitForAnyAsync([type], timeout, where);

    /// <summary>Waits for the next message of one of <paramref name="types"/> (skipping others) and returns it.</summary>
    public async Task<Received> WaitForAnyAsync(IReadOnlyCollection<string> types, TimeSpan? timeout = null, Func<JsonElement, bool>? where = null)
    {
        var type = string.Join(" or ", types);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        var seen = new List<string>();
        try
        {
            while (true)
            {
                var message = await _messages.Reader.ReadAsync(cts.Token);
                if (types.Contains(message.Type) && (where is null || where(message.Json)))
                {
                    return message;
                }

                seen.Add(message.Type);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {type} message within {timeout ?? TimeSpan.FromSeconds(10)}; saw: [{string.Join(", ", seen)}]; close: {CloseStatus} {CloseDescription}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"socket closed before a {type} message; saw: [{string.Join(", ", seen)}]; close: {CloseStatus} {CloseDescription}");
        }
    }

    /// <summary>Waits until the server closed the connection; returns its close status.</summary>
    public async Task<WebSocketCloseStatus?> WaitForCloseAsync(TimeSpan? timeout = null)
    {
        await _reader.WaitAsync(timeout ?? TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        return CloseStatus;
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), _stop.Token);
                    count += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
                    }

                    return;
                }

                var json = JsonDocument.Parse(buffer.AsMemory(0, count)).RootElement.Clone();
                _messages.Writer.TryWrite(new Received(json.GetProperty("type").GetString()!, json, Stopwatch.GetTimestamp()));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // ObjectDisposedException: the connection was reset and the socket disposed under the read.
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
            }
        }

        await _stop.CancelAsync();
        _socket.Abort();
        await _reader;
        _socket.Dispose();
        _stop.Dispose();
    }

    /// <summary>One message as received; <see cref="At"/> is a Stopwatch timestamp.</summary>
    public sealed record Received(string Type, JsonElement Json, long At)
    {
        public long Version => Json.GetProperty("state").GetProperty("version").GetInt64();
    }
}
