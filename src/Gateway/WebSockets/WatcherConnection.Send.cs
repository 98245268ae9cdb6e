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

                // Not cancellable on purpose: a cancellable send takes ManagedWebSocket's slow path (an async state
                // machine and a token registration per message). A send stuck on a full socket is aborted by
                // AbortStuckSend instead, which is what a cancelled send did (ADR 0021).
                Interlocked.Exchange(ref _sendInFlight, 1);
                if (_stopSending.IsCancellationRequested)
                {
                    break;
                }

                var sending = _socket.SendAsync(message.Payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                if (!sending.IsCompletedSuccessfully)
                {
                    await sending;
                }

                Volatile.Write(ref _sendInFlight, 0);
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

    /// <summary>Runs when a close drops the queue: a send still in flight would wait on a client that stopped reading.</summary>
    private void AbortStuckSend()
    {
        if (Volatile.Read(ref _sendInFlight) == 1)
        {
            _socket.Abort();
        }
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
