using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SyncKairos.Gateway.WebSockets;

namespace SyncKairos.Gateway.Tests;

/// <summary>One client's send queue over a real loopback socket: version ordering and the slow-client bound.</summary>
public sealed class WatcherConnectionTests : IAsyncLifetime
{
    private TcpClient? _clientTcp;
    private TcpClient? _serverTcp;
    private WebSocket _server = null!;
    private WebSocket _client = null!;

    public async ValueTask InitializeAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _clientTcp = new TcpClient();
        var connect = _clientTcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, TestContext.Current.CancellationToken).AsTask();
        _serverTcp = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        await connect;
        _server = WebSocket.CreateFromStream(_serverTcp.GetStream(), isServer: true, subProtocol: null, keepAliveInterval: TimeSpan.Zero);
        _client = WebSocket.CreateFromStream(_clientTcp.GetStream(), isServer: false, subProtocol: null, keepAliveInterval: TimeSpan.Zero);
    }

    [Fact]
    public async Task StatesOlderThanWhatTheClientHasAreNotSent()
    {
        await using var connection = new WatcherConnection(_server, "s", new WebSocketSettings(), NullLogger.Instance);
        connection.Start();
        Assert.True(connection.TryEnqueue(State(OutboundKind.Update, 3)));
        Assert.True(connection.TryEnqueue(State(OutboundKind.Update, 2)));
        Assert.True(connection.TryEnqueue(State(OutboundKind.Update, 3)));
        Assert.True(connection.TryEnqueue(State(OutboundKind.Sync, 2)));
        Assert.True(connection.TryEnqueue(State(OutboundKind.Sync, 3)));
        Assert.True(connection.TryEnqueue(State(OutboundKind.Update, 4)));

        Assert.Equal("Update 3", await ReceiveAsync());
        Assert.Equal("Sync 3", await ReceiveAsync());
        Assert.Equal("Update 4", await ReceiveAsync());
        Assert.Equal(4, connection.LastVersion);
    }

    [Fact]
    public async Task ClientThatCannotKeepUpIsClosedWith1013()
    {
        var settings = new WebSocketSettings { SendQueueCapacity = 4 };
        await using var connection = new WatcherConnection(_server, "s", settings, NullLogger.Instance);

        // Not started: nothing drains the queue, as when the socket's send buffer is full.
        for (var i = 1; i <= 4; i++)
        {
            Assert.True(connection.TryEnqueue(State(OutboundKind.Update, i)));
        }

        Assert.False(connection.TryEnqueue(State(OutboundKind.Update, 5)));
        await connection.CloseRequested.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal((WebSocketCloseStatus)1013, connection.RequestedCloseStatus);
    }

    [Fact]
    public async Task DeletionIsSentBeforeTheClose()
    {
        await using var connection = new WatcherConnection(_server, "s", new WebSocketSettings(), NullLogger.Instance);
        connection.Start();
        Assert.True(connection.TryEnqueue(new Outbound(OutboundKind.Deleted, long.MaxValue, Encoding.UTF8.GetBytes("Deleted"))));
        Assert.Equal("Deleted", await ReceiveAsync());
        var buffer = new byte[64];
        var close = await _client.ReceiveAsync(buffer.AsMemory(), TestContext.Current.CancellationToken);
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, _client.CloseStatus);
        Assert.Equal("Session deleted", _client.CloseStatusDescription);
    }

    private static Outbound State(OutboundKind kind, long version) =>
        new(kind, version, Encoding.UTF8.GetBytes($"{kind} {version}"));

    private async Task<string> ReceiveAsync()
    {
        var buffer = new byte[256];
        var result = await _client.ReceiveAsync(buffer.AsMemory(), TestContext.Current.CancellationToken).AsTask()
            .WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _server.Dispose();
        _clientTcp?.Dispose();
        _serverTcp?.Dispose();
        return ValueTask.CompletedTask;
    }
}
