using System.Net.WebSockets;
using System.Threading.Channels;

namespace SyncKairos.Gateway.WebSockets;

/// <summary>
/// One WebSocket client watching one session. Everything it is sent goes through a bounded queue drained
/// by a single send loop, so a slow client never blocks the fan-out: when its queue is full it is closed
/// with 1013 instead.
/// </summary>
public sealed partial class WatcherConnection : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly Channel<Outbound> _queue;
    private readonly WebSocketSettings _settings;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopSending = new();
    private readonly TaskCompletionSource _closeRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (WebSocketCloseStatus Status, string Reason)? _close;
    private long _lastVersion;
    private int _sendInFlight;
    private Task _sendLoop = Task.CompletedTask;

    public WatcherConnection(WebSocket socket, string sessionId, WebSocketSettings settings, ILogger logger)
    {
        _socket = socket;
        SessionId = sessionId;
        _settings = settings;
        _logger = logger;
        _queue = Channel.CreateBounded<Outbound>(new BoundedChannelOptions(settings.SendQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _stopSending.Token.UnsafeRegister(static state => ((WatcherConnection)state!).AbortStuckSend(), this);
    }

    public string SessionId { get; }

    /// <summary>The newest session version this client has been sent (0 before the first state).</summary>
    public long LastVersion => Volatile.Read(ref _lastVersion);

    /// <summary>The close the server asked for, once it did.</summary>
    public WebSocketCloseStatus? RequestedCloseStatus => _close?.Status;

    /// <summary>Completes when the server decided to close this connection (deleted, too slow, shutdown...).</summary>
    public Task CloseRequested => _closeRequested.Task;

    public void Start() => _sendLoop = Task.Run(SendLoopAsync);

    /// <summary>Queues a message without waiting; a full queue means the client cannot keep up: close 1013.</summary>
    public bool TryEnqueue(Outbound message)
    {
        if (_queue.Writer.TryWrite(message))
        {
            return true;
        }

        if (_close is null)
        {
            LogTooSlow(_logger, SessionId, _settings.SendQueueCapacity);
            RequestClose(CloseReasons.TryAgainLaterStatus, CloseReasons.TooSlow, dropQueued: true);
        }

        return false;
    }

    /// <summary>
    /// Asks the send loop to close the socket. With <paramref name="dropQueued"/> the close goes out at once;
    /// without, what is already queued is sent first (e.g. SESSION_DELETED before close 1000).
    /// </summary>
    public void RequestClose(WebSocketCloseStatus status, string reason, bool dropQueued)
    {
        lock (_queue)
        {
            if (_close is not null)
            {
                return;
            }

            _close = (status, reason);
        }

        _queue.Writer.TryComplete();
        if (dropQueued)
        {
            _stopSending.Cancel();
        }

        _closeRequested.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        RequestClose(WebSocketCloseStatus.NormalClosure, string.Empty, dropQueued: true);
        await _sendLoop;
        _stopSending.Dispose();
    }
}
