using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SyncKairos.Gateway.Errors;
using SyncKairos.Gateway.RateLimiting;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.WebSockets;

/// <summary>Runs one WebSocket connection through the protocol of docs/API.md.</summary>
public sealed partial class WatcherEndpoint(
    FanOutHub hub,
    SessionStateRenderer renderer,
    IOptionsMonitor<WebSocketSettings> settings,
    IOptions<RateLimitSettings> rateLimits,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<WatcherEndpoint> logger)
{
    private readonly SnapshotReads _snapshots = new((sessionId, ct) => renderer.SnapshotAsync(sessionId, WebSocketMessages.StateSync, ct));

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ApiErrors.Validation("upgrade", "Expected a WebSocket upgrade request", "invalid_request").ExecuteAsync(context);
            return;
        }

        var options = settings.CurrentValue;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.PingInterval,
            KeepAliveTimeout = options.PingInterval,
            SubProtocol = context.Items[Security.WebSocketTokens.SelectedSubProtocolItem] as string,
        });

        var sessionId = context.Request.Query["sessionId"].ToString();
        if (string.IsNullOrEmpty(sessionId))
        {
            await CloseAtOnceAsync(socket, WebSocketCloseStatus.PolicyViolation, CloseReasons.MissingSessionId, options);
            return;
        }

        if (!SessionValidator.IsUuid(sessionId))
        {
            await CloseAtOnceAsync(socket, WebSocketCloseStatus.PolicyViolation, CloseReasons.InvalidSessionId, options);
            return;
        }

        await RunAsync(socket, sessionId, options, context.RequestAborted);
    }

    private async Task RunAsync(WebSocket socket, string sessionId, WebSocketSettings options, CancellationToken requestAborted)
    {
        await using var connection = new WatcherConnection(socket, sessionId, options, logger);
        hub.Track(connection);
        using var receiveStop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        try
        {
            connection.Start();
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                connection.RequestClose(WebSocketCloseStatus.EndpointUnavailable, CloseReasons.ShuttingDown, dropQueued: true);
            }

            connection.TryEnqueue(new Outbound(OutboundKind.Control, 0, WebSocketMessages.Simple(WebSocketMessages.Connected, sessionId, Now())));
            try
            {
                await hub.JoinAsync(connection, receiveStop.Token);
            }
            catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
            {
                LogStoreUnavailable(logger, sessionId, ex.Message);
                connection.RequestClose(CloseReasons.TryAgainLaterStatus, CloseReasons.TryAgainLater, dropQueued: false);
            }

            var limits = rateLimits.Value;
            var limiter = limits.Enabled ? WebSocketMessageLimiter.From(limits, time) : null;
            var receive = connection.ReceiveLoopAsync(message => OnClientMessageAsync(connection, message, receiveStop.Token), receiveStop.Token, limiter);
            await Task.WhenAny(receive, connection.CloseRequested);
            if (!receive.IsCompleted)
            {
                // The server is closing; give the client the close timeout to answer the close frame.
                receiveStop.CancelAfter(options.CloseTimeout);
                await receive;
            }

            await connection.WaitForCloseAsync();
        }
        catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
        {
            // The client went away while we were subscribing or reading its snapshot.
        }
        finally
        {
            hub.Untrack(connection);
            await hub.LeaveAsync(connection);
        }
    }

    private async ValueTask OnClientMessageAsync(WatcherConnection connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        string? type;
        JsonElement? clientTime = null;
        try
        {
            using var document = JsonDocument.Parse(message);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("type", out var typeElement)
                || typeElement.ValueKind != JsonValueKind.String)
            {
                return;
            }

            type = typeElement.GetString();
            if (document.RootElement.TryGetProperty("client_time", out var ct))
            {
                clientTime = ct.Clone();
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // docs/API.md: invalid JSON is ignored, as the reference service does. Text that does not decode (a lone
            // surrogate escape in a name or in "type") is reported by System.Text.Json as InvalidOperationException.
            return;
        }

        switch (type)
        {
            case "PING":
                connection.TryEnqueue(new Outbound(OutboundKind.Control, 0, WebSocketMessages.PongMessage(Now(), clientTime)));
                break;
            case "RECONNECT":
                await ReplyWithSnapshotAsync(connection, cancellationToken);
                break;
        }
    }

    private async Task ReplyWithSnapshotAsync(WatcherConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            if (await _snapshots.ReadAsync(connection.SessionId, cancellationToken) is { } sync)
            {
                connection.TryEnqueue(sync);
            }
            else
            {
                var notFound = SessionError.From(SessionException.NotFound(connection.SessionId));
                connection.TryEnqueue(new Outbound(OutboundKind.Control, 0, WebSocketMessages.ErrorMessage(notFound)));
            }
        }
        catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
        {
            connection.TryEnqueue(new Outbound(OutboundKind.Control, 0, WebSocketMessages.ErrorMessage(StoreFailures.Unavailable)));
        }
    }

    private static async Task CloseAtOnceAsync(WebSocket socket, WebSocketCloseStatus status, string reason, WebSocketSettings options)
    {
        using var timeout = new CancellationTokenSource(options.CloseTimeout);
        try
        {
            await socket.CloseAsync(status, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            socket.Abort();
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "WebSocket for session {SessionId} closed with 1013: session store unavailable: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string sessionId, string reason);
}
