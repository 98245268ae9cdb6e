using System.Net.WebSockets;

namespace SyncKairos.Gateway.WebSockets;

public sealed partial class WatcherConnection
{
    private static long s_messagesSent;

    /// <summary>Messages written to WebSocket clients by this process (synckairos_ws_messages_sent_total).</summary>
    public static long MessagesSent => Interlocked.Read(ref s_messagesSent);

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(_stopSending.Token))
            {
                if (!ShouldSend(message))
                {
                    continue;
                }

                await _socket.SendAsync(message.Payload, WebSocketMessageType.Text, endOfMessage: true, _stopSending.Token);
                Interlocked.Increment(ref s_messagesSent);
                if (message.Kind == OutboundKind.Deleted)
                {
                    RequestClose(WebSocketCloseStatus.NormalClosure, CloseReasons.SessionDeleted, dropQueued: false);
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            // The client went away; the receive side notices too and cleans up.
            _socket.Abort();
            return;
        }

        await CloseOutputAsync();
    }

    /// <summary>Per-client version ordering: never send a state older than one this client already has.</summary>
    private bool ShouldSend(Outbound message)
    {
        switch (message.Kind)
        {
            case OutboundKind.Update when message.Version <= _lastVersion:
            case OutboundKind.Sync when message.Version < _lastVersion:
                return false;
            case OutboundKind.Update:
            case OutboundKind.Sync:
                Volatile.Write(ref _lastVersion, message.Version);
                return true;
            default:
                return true;
        }
    }

    private async Task CloseOutputAsync()
    {
        var (status, reason) = _close ?? (WebSocketCloseStatus.NormalClosure, string.Empty);
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_settings.CloseTimeout);
        try
        {
            await _socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }
}
