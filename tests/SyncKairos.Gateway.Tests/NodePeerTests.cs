using System.Text.Json;
using SyncKairos.Gateway.Tests.Infrastructure;
using SyncKairos.Gateway.Tests.Sdk;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests;

/// <summary>An outside peer: the Node <c>ws</c> client (tests/SyncKairos.Gateway.Tests/peers/ws) against the gateway.</summary>
public sealed class NodePeerTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task NodeClientFollowsTheProtocolToTheEnd()
    {
        using var client = gateway.CreateClient();
        var id = NewId();
        await CreateAsync(client, id);
        await using var peer = NodeScript.WsPeer(gateway.BaseAddress, id, "watch");
        await peer.WaitForLineAsync(l => l.Contains("\"type\":\"STATE_SYNC\"", StringComparison.Ordinal) && l.Contains("\"version\":1,", StringComparison.Ordinal), Patience);
        var pong = await peer.WaitForLineAsync(l => l.Contains("\"type\":\"PONG\"", StringComparison.Ordinal), Patience);
        Assert.Equal(12345.5, JsonDocument.Parse(pong[4..]).RootElement.GetProperty("client_time").GetDouble());

        // The reply to RECONNECT; then updates and the deletion.
        await peer.WaitForLineAsync(l => l.Contains("\"type\":\"STATE_SYNC\"", StringComparison.Ordinal), Patience);
        await PostAsync(client, $"/v1/sessions/{id}/start");
        await peer.WaitForLineAsync(l => l.Contains("\"type\":\"STATE_UPDATE\"", StringComparison.Ordinal) && l.Contains("\"version\":2,", StringComparison.Ordinal), Patience);
        using var deleted = await client.DeleteAsync($"/v1/sessions/{id}", TestContext.Current.CancellationToken);
        await peer.WaitForLineAsync(l => l.Contains("\"type\":\"SESSION_DELETED\"", StringComparison.Ordinal), Patience);
        await peer.WaitForLineAsync(l => l == "CLOSE 1000 Session deleted", Patience);
    }

    [Fact]
    public async Task NodeClientSendingAnOversizeFrameIsClosed1009()
    {
        await using var peer = NodeScript.WsPeer(gateway.BaseAddress, NewId(), "big");
        await peer.WaitForLineAsync(l => l.StartsWith("CLOSE 1009", StringComparison.Ordinal), Patience);
    }

    [Fact]
    public async Task NodeClientWithBadSessionIdIsClosed1008()
    {
        await using var peer = NodeScript.WsPeer(gateway.BaseAddress, "nope", "watch");
        await peer.WaitForLineAsync(l => l == "CLOSE 1008 Invalid sessionId format", Patience);
    }
}
