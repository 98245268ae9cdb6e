using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using SyncKairos.Gateway.RateLimiting;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Security;

/// <summary>
/// The WebSocket limits against a real Kestrel: connections per client IP (per instance, so each test owns its
/// gateway) and the per-connection message budget.
/// </summary>
public sealed class WebSocketLimitTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GatewayFactory Gateway(params (string Key, string Value)[] settings) =>
        new(redis.Endpoint, settings.ToDictionary(s => "SyncKairos:RateLimits:" + s.Key, s => (string?)s.Value));

    [Fact]
    public async Task ConnectionsPerIpAreLimitedAndASlotFreesWhenASocketCloses()
    {
        await using var factory = Gateway(("WebSocketConnectionsPerIp", "3"));
        var address = factory.StartKestrel();
        var limiter = factory.Services.GetRequiredService<WebSocketConnectionLimiter>();
        var open = new List<WsClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = await WsClient.ConnectAsync(address, NewId());
                open.Add(client);
                await client.WaitForAsync("CONNECTED");
            }

            // The fourth upgrade is refused before it becomes a WebSocket: 429 with Retry-After...
            using (var refusedSocket = new ClientWebSocket())
            {
                refusedSocket.Options.CollectHttpResponseDetails = true;
                await Assert.ThrowsAsync<WebSocketException>(() => refusedSocket.ConnectAsync(WsUri(address, NewId()), Ct));
                Assert.Equal(HttpStatusCode.TooManyRequests, refusedSocket.HttpStatusCode);
                Assert.Equal(["5"], refusedSocket.HttpResponseHeaders!["Retry-After"]);
            }

            // ...in the API's error envelope.
            using var http = new HttpClient { BaseAddress = address };
            using (var refused = await http.GetAsync($"/ws?sessionId={NewId()}", Ct))
            {
                var error = await ApiTests.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
                Assert.Equal(5, error.GetProperty("details").GetProperty("retry_after_seconds").GetInt32());
                Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            }

            Assert.Equal(3, limiter.OpenConnections("127.0.0.1"));

            // Closing one socket gives its slot back once the server has finished with it.
            var released = WaitForReleaseAsync(limiter, "127.0.0.1");
            await open[0].DisposeAsync();
            open.RemoveAt(0);
            await released;

            var next = await WsClient.ConnectAsync(address, NewId());
            open.Add(next);
            await next.WaitForAsync("CONNECTED");
            Assert.Equal(3, limiter.OpenConnections("127.0.0.1"));
        }
        finally
        {
            foreach (var client in open)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ServerClosedSocketsAndRefusedRequestsHoldNoSlot()
    {
        await using var factory = Gateway(("WebSocketConnectionsPerIp", "1"));
        var address = factory.StartKestrel();
        var limiter = factory.Services.GetRequiredService<WebSocketConnectionLimiter>();

        // A socket the server closes itself (1008, no sessionId) releases its slot too.
        for (var i = 0; i < 3; i++)
        {
            var released = WaitForReleaseAsync(limiter, "127.0.0.1");
            await using var rejected = await WsClient.ConnectAsync(address, null);
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, await rejected.WaitForCloseAsync());
            await released;
        }

        await using var client = await WsClient.ConnectAsync(address, NewId());
        await client.WaitForAsync("CONNECTED");
        Assert.Equal(1, limiter.OpenConnections("127.0.0.1"));
    }

    [Fact]
    public async Task TheClientIpComesFromForwardedForOnlyThroughTrustedProxies()
    {
        await using var factory = Gateway(("WebSocketConnectionsPerIp", "1"), ("TrustedProxies:0", "127.0.0.0/8"));
        var address = factory.StartKestrel();
        using var first = await ConnectForwardedAsync(address, "198.51.100.1");
        using var other = await ConnectForwardedAsync(address, "198.51.100.2");
        Assert.Equal(WebSocketState.Open, first.State);
        Assert.Equal(WebSocketState.Open, other.State);

        using var again = new ClientWebSocket();
        again.Options.CollectHttpResponseDetails = true;
        again.Options.SetRequestHeader("X-Forwarded-For", "198.51.100.1");
        await Assert.ThrowsAsync<WebSocketException>(() => again.ConnectAsync(WsUri(address, NewId()), Ct));
        Assert.Equal(HttpStatusCode.TooManyRequests, again.HttpStatusCode);
    }

    [Fact]
    public async Task MessagesOverTheBudgetAreAnsweredOnceWithRateLimitExceeded()
    {
        await using var factory = Gateway(("WebSocketMessagesPerSecond", "1"), ("WebSocketMessageBurst", "5"), ("WebSocketFloodTolerance", "1000"));
        var address = factory.StartKestrel();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(WsUri(address, NewId()), Ct);
        var replies = Channel.CreateUnbounded<JsonElement>();
        var drain = DrainAsync(socket, replies.Writer);
        Assert.Equal("CONNECTED", await NextTypeAsync(replies.Reader, TimeSpan.FromSeconds(10)));

        // One PING at a time: each is answered by a PONG until the budget is spent, then by one ERROR.
        var clock = Stopwatch.StartNew();
        var pongs = 0;
        JsonElement reply;
        while (true)
        {
            await SendAsync(socket, "{\"type\":\"PING\",\"client_time\":1}");
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            cts.CancelAfter(TimeSpan.FromSeconds(10));
            reply = await replies.Reader.ReadAsync(cts.Token);
            if (reply.GetProperty("type").GetString() != "PONG")
            {
                break;
            }

            pongs++;
            Assert.True(pongs < 500, "the message budget never ran out");
        }

        Assert.Equal("ERROR", reply.GetProperty("type").GetString());
        Assert.Equal("RATE_LIMIT_EXCEEDED", reply.GetProperty("code").GetString());
        Assert.InRange(pongs, 5, 5 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds));

        // Further refusals are silent (no second ERROR); the socket stays open and the budget comes back at
        // the rate, so one of these PINGs is answered within about a second.
        var next = (string?)null;
        for (var attempt = 0; attempt < 100 && next is null; attempt++)
        {
            await SendAsync(socket, "{\"type\":\"PING\",\"client_time\":2}");
            next = await NextTypeAsync(replies.Reader, TimeSpan.FromMilliseconds(250));
        }

        Assert.Equal("PONG", next);
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.False(drain.IsCompleted);
    }

    [Theory]
    [InlineData(WebSocketMessageType.Text)]
    [InlineData(WebSocketMessageType.Binary)]
    public async Task AFloodingClientIsClosedWithPolicyViolation(WebSocketMessageType type)
    {
        await using var factory = Gateway(("WebSocketMessagesPerSecond", "1"), ("WebSocketMessageBurst", "5"), ("WebSocketFloodTolerance", "20"));
        var address = factory.StartKestrel();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(WsUri(address, NewId()), Ct);
        var drain = DrainAsync(socket, null);
        var ping = Encoding.UTF8.GetBytes("{\"type\":\"PING\"}");
        for (var i = 0; i < 10_000 && !drain.IsCompleted; i++)
        {
            try
            {
                await socket.SendAsync(ping, type, true, Ct);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
            {
                break;
            }
        }

        var (status, reason, types) = await drain.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Equal("Message rate exceeded", reason);

        // Everything queued before the close is delivered: the replies to the accepted messages, then the ERROR.
        // Binary messages are counted but never answered.
        Assert.Equal("CONNECTED", types[0]);
        Assert.InRange(types.Count(t => t == "PONG"), type == WebSocketMessageType.Binary ? 0 : 5, type == WebSocketMessageType.Binary ? 0 : 40);
        Assert.InRange(types.Count(t => t == "ERROR"), 1, 40);
    }

    private static Uri WsUri(Uri address, string sessionId) => new($"ws://{address.Authority}/ws?sessionId={sessionId}");

    private static async Task<ClientWebSocket> ConnectForwardedAsync(Uri address, string forwardedFor)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        await socket.ConnectAsync(WsUri(address, NewId()), Ct);
        Assert.Equal("CONNECTED", (await ReceiveAsync(socket)).GetProperty("type").GetString());
        return socket;
    }

    private static async Task WaitForReleaseAsync(WebSocketConnectionLimiter limiter, string clientAddress)
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReleased(string address)
        {
            if (address == clientAddress)
            {
                released.TrySetResult();
            }
        }

        limiter.Released += OnReleased;
        try
        {
            await released.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        }
        finally
        {
            limiter.Released -= OnReleased;
        }
    }

    private static Task SendAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, Ct);

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[16 * 1024];
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(count), cts.Token);
            count += result.Count;
        }
        while (!result.EndOfMessage);

        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return JsonDocument.Parse(buffer.AsMemory(0, count)).RootElement.Clone();
    }

    /// <summary>Next message's type, or null when none came within <paramref name="timeout"/>.</summary>
    private static async Task<string?> NextTypeAsync(ChannelReader<JsonElement> reader, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout);
        try
        {
            return (await reader.ReadAsync(cts.Token)).GetProperty("type").GetString();
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads until the server closes (answering its close); returns its close status, reason and the types of
    /// what it sent, each message also written to <paramref name="messages"/>.
    /// </summary>
    private static async Task<(WebSocketCloseStatus? Status, string? Reason, List<string> Types)> DrainAsync(ClientWebSocket socket, ChannelWriter<JsonElement>? messages)
    {
        var types = new List<string>();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(count), Ct);
                    count += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, Ct);
                    }

                    return (socket.CloseStatus, socket.CloseStatusDescription, types);
                }

                var json = JsonDocument.Parse(buffer.AsMemory(0, count)).RootElement.Clone();
                types.Add(json.GetProperty("type").GetString()!);
                messages?.TryWrite(json);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            return (socket.CloseStatus, socket.CloseStatusDescription, types);
        }
        finally
        {
            messages?.TryComplete();
        }
    }
}
