using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace SyncKairos.Deploy.Tests.Drills;

/// <summary>
/// A WebSocket watcher of one session that reconnects like the SDK: when its connection dies it tries the next
/// gateway with backoff (50 ms doubling to 400 ms). It records every message and the connections it made.
/// </summary>
public sealed class DrillWatcher : IAsyncDisposable
{
    private readonly IReadOnlyList<Uri> _gateways;
    private readonly string _sessionId;
    private readonly Stopwatch _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<WatcherEvent> _events = new();
    private readonly Task _loop;
    private int _connections;

    private DrillWatcher(IReadOnlyList<Uri> gateways, string sessionId, int gateway, Stopwatch clock)
    {
        _gateways = gateways;
        _sessionId = sessionId;
        _clock = clock;
        _loop = Task.Run(() => RunAsync(gateway));
    }

    public string SessionId => _sessionId;

    public IReadOnlyList<WatcherEvent> Events => [.. _events];

    public int Connections => Volatile.Read(ref _connections);

    public long LatestVersion => _events.IsEmpty ? 0 : _events.Max(e => e.Version);

    public static DrillWatcher Start(IReadOnlyList<Uri> gateways, string sessionId, int gateway, Stopwatch clock) =>
        new(gateways, sessionId, gateway, clock);

    private async Task RunAsync(int gateway)
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        var buffer = new byte[1 << 20];
        while (!_stop.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(new Uri($"ws://{_gateways[gateway].Authority}/ws?sessionId={_sessionId}"), _stop.Token);
                var connection = Interlocked.Increment(ref _connections) - 1;
                backoff = TimeSpan.FromMilliseconds(50);
                while (true)
                {
                    var count = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(buffer.AsMemory(count), _stop.Token);
                        count += result.Count;
                    }
                    while (!result.EndOfMessage);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    Record(connection, gateway, buffer.AsSpan(0, count));
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or HttpRequestException)
            {
                // The gateway died or refused: fall through to reconnect elsewhere.
            }

            gateway = (gateway + 1) % _gateways.Count;
            try
            {
                await Task.Delay(backoff, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 400));
        }
    }

    private void Record(int connection, int gateway, ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        var type = root.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        var version = root.TryGetProperty("state", out var state) && state.TryGetProperty("version", out var v) ? v.GetInt64() : 0;
        _events.Enqueue(new WatcherEvent(connection, gateway, _clock.Elapsed.TotalMilliseconds, type, version));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
