using System.Buffers;
using System.Net.WebSockets;
using SyncKairos.Gateway.RateLimiting;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.WebSockets;

public sealed partial class WatcherConnection
{
    /// <summary>
    /// Reads client messages until the client closes, the server closes, or the socket dies (which includes a
    /// missed keep-alive pong). Frames over the size limit close the socket with 1009. With a
    /// <paramref name="limiter"/>, every data message (text or binary) is counted before it is looked at:
    /// over the budget it is dropped, and a flooding client is closed with 1008.
    /// </summary>
    public async Task ReceiveLoopAsync(Func<ReadOnlyMemory<byte>, ValueTask> onMessage, CancellationToken cancellationToken, WebSocketMessageLimiter? limiter = null)
    {
        // Clients rarely send anything, so an idle connection holds no buffer: a zero-byte read waits for the
        // next frame, and only then is a buffer rented for it (ADR 0021).
        byte[]? buffer = null;
        var count = 0;
        try
        {
            while (_socket.State == WebSocketState.Open && !cancellationToken.IsCancellationRequested)
            {
                var result = buffer is null
                    ? await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken)
                    : await _socket.ReceiveAsync(buffer.AsMemory(count, _settings.MaxMessageBytes + 1 - count), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    RequestClose(WebSocketCloseStatus.NormalClosure, string.Empty, dropQueued: true);
                    return;
                }

                count += result.Count;
                if (count > _settings.MaxMessageBytes)
                {
                    RequestClose(WebSocketCloseStatus.MessageTooBig, CloseReasons.MessageTooBig, dropQueued: true);
                    return;
                }

                if (!result.EndOfMessage)
                {
                    buffer ??= ArrayPool<byte>.Shared.Rent(_settings.MaxMessageBytes + 1);
                    continue;
                }

                var verdict = limiter?.Admit() ?? WebSocketMessageVerdict.Accept;
                if (verdict == WebSocketMessageVerdict.Close)
                {
                    LogFlooding(_logger, SessionId);
                    // What is queued (at most the accepted messages' replies and the ERROR) goes out before the
                    // close: cancelling a send in flight would abort the socket instead of closing it with 1008.
                    RequestClose(WebSocketCloseStatus.PolicyViolation, CloseReasons.MessageRateExceeded, dropQueued: false);
                    return;
                }

                if (verdict == WebSocketMessageVerdict.RefuseAndTell)
                {
                    TryEnqueue(new Outbound(OutboundKind.Control, 0, WebSocketMessages.ErrorMessage(ErrorCodes.RATE_LIMIT_EXCEEDED, CloseReasons.MessageRateExceeded)));
                }

                if (verdict == WebSocketMessageVerdict.Accept && result.MessageType == WebSocketMessageType.Text)
                {
                    await HandleAsync(onMessage, buffer is null ? ReadOnlyMemory<byte>.Empty : buffer.AsMemory(0, count));
                }

                count = 0;
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // Includes the keep-alive timeout: the server aborted a client that stopped answering pings.
            LogReceiveEnded(_logger, SessionId, ex.Message);
            if (_socket.State != WebSocketState.Open)
            {
                _socket.Abort();
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            // Whatever ended the loop, the send side must stop too (a no-op when a close was already requested).
            RequestClose(WebSocketCloseStatus.EndpointUnavailable, string.Empty, dropQueued: true);
        }
    }

    /// <summary>
    /// Only the documented limits close a client (API.md): a message the server fails to handle is a bug,
    /// logged and answered with ERROR, and the connection goes on.
    /// </summary>
    private async ValueTask HandleAsync(Func<ReadOnlyMemory<byte>, ValueTask> onMessage, ReadOnlyMemory<byte> message)
    {
        try
        {
            await onMessage(message);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or WebSocketException or IOException or ObjectDisposedException))
        {
            LogMessageFailed(_logger, SessionId, ex);
            TryEnqueue(new Outbound(OutboundKind.Control, 0, WebSocketMessages.ErrorMessage(ErrorCodes.INTERNAL_ERROR, "Internal server error")));
        }
    }

    /// <summary>Waits (bounded) for the close handshake to finish after the server asked to close.</summary>
    public async Task WaitForCloseAsync()
    {
        await _sendLoop;
        if (_socket.State is WebSocketState.CloseSent)
        {
            using var timeout = new CancellationTokenSource(_settings.CloseTimeout);
            // The client's last frames are read and discarded; a small buffer does (a bigger frame is just read in parts).
            var buffer = new byte[256];
            try
            {
                while (_socket.State == WebSocketState.CloseSent)
                {
                    await _socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
            {
                _socket.Abort();
            }
        }
    }
}
