using System.Net;
using System.Net.WebSockets;
using System.Text;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Security;

/// <summary>Tokens on WebSocket upgrades: checked before the upgrade is accepted, from the query or a subprotocol.</summary>
public sealed class AuthWebSocketTests(AuthGatewayFixture gateway) : IClassFixture<AuthGatewayFixture>
{
    private async Task<(ClientWebSocket Socket, HttpStatusCode Status)> ConnectAsync(string sessionId, string? queryToken, string? protocolToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (protocolToken is not null)
        {
            socket.Options.AddSubProtocol("access_token");
            socket.Options.AddSubProtocol(protocolToken);
        }

        var ws = new UriBuilder(gateway.BaseAddress) { Scheme = "ws", Path = "/ws", Query = $"sessionId={sessionId}" + (queryToken is null ? "" : $"&access_token={queryToken}") }.Uri;
        try
        {
            await socket.ConnectAsync(ws, TestContext.Current.CancellationToken);
        }
        catch (WebSocketException)
        {
        }

        return (socket, socket.HttpStatusCode);
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        var result = await socket.ReceiveAsync(buffer.AsMemory(), TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    public static TheoryData<string, int> Tokens() => new()
    {
        { "read-query", 101 },
        { "read-protocol", 101 },
        { "admin-query", 101 },
        { "none", 401 },
        { "play-query", 403 },
        { "expired-query", 401 },
        { "alg-none-protocol", 401 },
        { "wrong-signature-query", 401 },
    };

    [Theory]
    [MemberData(nameof(Tokens))]
    public async Task UpgradeIsCheckedBeforeItIsAccepted(string who, int expected)
    {
        var id = NewId();
        var token = who.Split('-')[0] switch
        {
            "read" => TestTokens.Reader(),
            "admin" => TestTokens.Admin(),
            "play" => TestTokens.Player(id, NewId()),
            "expired" => TestTokens.Expired(),
            "alg" => TestTokens.AlgNone(),
            "wrong" => TestTokens.WrongSignature(),
            _ => null,
        };
        var viaProtocol = who.EndsWith("-protocol", StringComparison.Ordinal);
        var (socket, status) = await ConnectAsync(id, viaProtocol ? null : token, viaProtocol ? token : null);
        using (socket)
        {
            Assert.Equal(expected, (int)status);
            if (expected == 101)
            {
                Assert.Equal(WebSocketState.Open, socket.State);
                Assert.Contains("\"CONNECTED\"", await ReceiveTextAsync(socket), StringComparison.Ordinal);
                Assert.Equal(viaProtocol ? "access_token" : null, socket.SubProtocol);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", TestContext.Current.CancellationToken);
            }
            else
            {
                Assert.NotEqual(WebSocketState.Open, socket.State);
            }
        }
    }
}
