using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SyncKairos.Gateway.Tests.Infrastructure;
using SyncKairos.Gateway.WebSockets;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests;

/// <summary>The WebSocket protocol of docs/API.md with real .NET ClientWebSocket clients over Kestrel.</summary>
public sealed class WebSocketTests(GatewayFixture gateway, RedisFixture redis) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = gateway.CreateClient();

    [Fact]
    public async Task ConnectedThenStateSyncForAnExistingSession()
    {
        var id = NewId();
        await CreateAsync(_client, id);
        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        var connected = await ws.WaitForAsync("CONNECTED");
        Assert.Equal(id, connected.Json.GetProperty("sessionId").GetString());
        Assert.True(connected.Json.GetProperty("timestamp").GetInt64() > 0);
        var sync = await ws.WaitForAsync("STATE_SYNC");
        Assert.Equal(1, sync.Version);
        Assert.Equal(id, sync.Json.GetProperty("state").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task ThreeClientsReceiveEveryUpdateWithin100Ms()
    {
        var id = NewId();
        await CreateAsync(_client, id);
        var clients = new List<WsClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var ws = await WsClient.ConnectAsync(gateway.BaseAddress, id);
                await ws.WaitForAsync("STATE_SYNC");
                clients.Add(ws);
            }

            var acknowledged = new List<(long Version, long At)>();
            var start = await PostAsync(_client, $"/v1/sessions/{id}/start");
            acknowledged.Add((start.GetProperty("version").GetInt64(), Stopwatch.GetTimestamp()));
            for (var i = 0; i < 10; i++)
            {
                var result = await PostAsync(_client, $"/v1/sessions/{id}/switch");
                acknowledged.Add((result.GetProperty("version").GetInt64(), Stopwatch.GetTimestamp()));
            }

            var worst = TimeSpan.Zero;
            foreach (var ws in clients)
            {
                foreach (var (version, at) in acknowledged)
                {
                    var update = await ws.WaitForAsync("STATE_UPDATE");
                    Assert.Equal(version, update.Version);
                    var lag = Stopwatch.GetElapsedTime(at, Math.Max(at, update.At));
                    worst = lag > worst ? lag : worst;
                }
            }

            TestContext.Current.TestOutputHelper?.WriteLine($"slowest of {acknowledged.Count * clients.Count} deliveries: {worst.TotalMilliseconds:F1} ms after the REST answer");
            Assert.True(worst < TimeSpan.FromMilliseconds(100), $"slowest delivery after the REST answer: {worst.TotalMilliseconds} ms");
        }
        finally
        {
            foreach (var ws in clients)
            {
                await ws.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task PingIsAnsweredWithPongEchoingClientTime()
    {
        var id = NewId();
        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        await ws.WaitForAsync("CONNECTED");
        await ws.SendAsync("{\"type\":\"PING\",\"client_time\":1700000000123}");
        var pong = await ws.WaitForAsync("PONG");
        Assert.Equal(1700000000123, pong.Json.GetProperty("client_time").GetInt64());
        Assert.True(pong.Json.GetProperty("timestamp").GetInt64() > 0);

        await ws.SendAsync("{\"type\":\"PING\"}");
        var bare = await ws.WaitForAsync("PONG");
        Assert.False(bare.Json.TryGetProperty("client_time", out _));
    }

    [Fact]
    public async Task ReconnectReturnsStateSyncOrSessionNotFound()
    {
        var missing = NewId();
        await using (var ws = await WsClient.ConnectAsync(gateway.BaseAddress, missing))
        {
            await ws.WaitForAsync("CONNECTED");
            await ws.SendAsync("{\"type\":\"RECONNECT\"}");
            var error = await ws.WaitForAsync("ERROR");
            Assert.Equal("SESSION_NOT_FOUND", error.Json.GetProperty("code").GetString());
            Assert.Equal($"Session {missing} not found", error.Json.GetProperty("message").GetString());
        }

        var id = NewId();
        await CreateAsync(_client, id);
        await PostAsync(_client, $"/v1/sessions/{id}/start");
        await using var client = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        await client.WaitForAsync("STATE_SYNC");
        await client.SendAsync("{\"type\":\"RECONNECT\"}");
        var sync = await client.WaitForAsync("STATE_SYNC");
        Assert.Equal(2, sync.Version);
    }

    [Fact]
    public async Task InvalidMessagesAreIgnored()
    {
        var id = NewId();
        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        await ws.WaitForAsync("CONNECTED");
        await ws.SendAsync("not json");
        await ws.SendAsync("{\"type\":\"DANCE\"}");
        await ws.SendAsync("{\"type\":\"PING\",\"client_time\":7}");
        var pong = await ws.WaitForAsync("PONG");
        Assert.Equal(7, pong.Json.GetProperty("client_time").GetInt64());
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task CreationAndExpiryArePushed()
    {
        var id = NewId();
        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        await ws.WaitForAsync("CONNECTED");
        await CreateAsync(_client, id, participants: 1, timeMs: 1000);
        Assert.Equal(1, (await ws.WaitForAsync("STATE_UPDATE")).Version);
        await PostAsync(_client, $"/v1/sessions/{id}/start");
        Assert.Equal(2, (await ws.WaitForAsync("STATE_UPDATE")).Version);
        var expired = await ws.WaitForAsync("STATE_UPDATE", TimeSpan.FromSeconds(10));
        Assert.Equal("expired", expired.Json.GetProperty("state").GetProperty("status").GetString());
    }

    [Fact]
    public async Task DeletionSendsSessionDeletedThenClose1000()
    {
        var id = NewId();
        await CreateAsync(_client, id);
        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        await ws.WaitForAsync("STATE_SYNC");
        using var deleted = await _client.DeleteAsync($"/v1/sessions/{id}", TestContext.Current.CancellationToken);
        var message = await ws.WaitForAsync("SESSION_DELETED");
        Assert.Equal(id, message.Json.GetProperty("sessionId").GetString());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await ws.WaitForCloseAsync());
        Assert.Equal("Session deleted", ws.CloseDescription);
    }

    [Theory]
    [InlineData(null, "Missing sessionId parameter")]
    [InlineData("", "Missing sessionId parameter")]
    [InlineData("not-a-uuid", "Invalid sessionId format")]
    [InlineData("123e4567-e89b-12d3-a456-42661417400", "Invalid sessionId format")]
    public async Task BadSessionIdIsClosed1008(string? sessionId, string reason)
    {
        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, sessionId);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await ws.WaitForCloseAsync());
        Assert.Equal(reason, ws.CloseDescription);
    }

    [Fact]
    public async Task FrameOver4KiBIsClosed1009()
    {
        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, NewId());
        await ws.WaitForAsync("CONNECTED");
        await ws.SendBytesAsync(new byte[4097]);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await ws.WaitForCloseAsync());
    }

    [Fact]
    public async Task FrameOfExactly4KiBIsAccepted()
    {
        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, NewId());
        await ws.WaitForAsync("CONNECTED");
        var ping = "{\"type\":\"PING\",\"client_time\":5,\"pad\":\"\"}";
        var padded = ping.Replace("\"pad\":\"\"", "\"pad\":\"" + new string('x', 4096 - ping.Length) + "\"", StringComparison.Ordinal);
        Assert.Equal(4096, padded.Length);
        await ws.SendAsync(padded);
        Assert.Equal(5, (await ws.WaitForAsync("PONG")).Json.GetProperty("client_time").GetInt64());
    }

    [Fact]
    public async Task ClientThatStopsAnsweringPingsIsTerminated()
    {
        var id = NewId();
        var hub = gateway.Factory.Services.GetRequiredService<FanOutHub>();

        // No reads: the client never answers the server's protocol pings (interval 1 s in these tests).
        using var peer = await SilentWebSocketPeer.ConnectAsync(gateway.BaseAddress, id);
        await hub.WaitUntilAsync(() => hub.WatcherCount(id) == 1, TimeSpan.FromSeconds(5), "the client to be registered");
        await hub.WaitUntilAsync(() => hub.WatcherCount(id) == 0, TimeSpan.FromSeconds(10), "the unresponsive client to be terminated");
    }

    [Fact]
    public async Task SubscriptionIsReferenceCounted()
    {
        var id = NewId();
        var hub = gateway.Factory.Services.GetRequiredService<FanOutHub>();
        var a = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        await a.WaitForAsync("CONNECTED");
        var b = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        await b.WaitForAsync("CONNECTED");
        await hub.WaitUntilAsync(() => hub.IsSubscribed(id) && hub.WatcherCount(id) == 2, TimeSpan.FromSeconds(5), "two watchers, one subscription");
        await a.DisposeAsync();
        await hub.WaitUntilAsync(() => hub.WatcherCount(id) == 1, TimeSpan.FromSeconds(5), "one watcher left");
        Assert.True(hub.IsSubscribed(id));
        await b.DisposeAsync();
        await hub.WaitUntilAsync(() => !hub.IsSubscribed(id), TimeSpan.FromSeconds(5), "the channel to be unsubscribed");
    }

    [Fact]
    public async Task ShutdownClosesSockets1001()
    {
        // A gateway of its own: this test stops it.
        var factory = new GatewayFactory(redis.Endpoint);
        var address = factory.StartKestrel();
        await using var ws = await WsClient.ConnectAsync(address, NewId());
        await ws.WaitForAsync("CONNECTED");
        var stopping = factory.DisposeAsync().AsTask();
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await ws.WaitForCloseAsync());
        Assert.Equal("Server shutting down", ws.CloseDescription);
        await stopping.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task PlainHttpToWsIs400()
    {
        using var response = await _client.GetAsync($"/ws?sessionId={NewId()}", TestContext.Current.CancellationToken);
        await ApiTests.AssertErrorAsync(response, System.Net.HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }
}
