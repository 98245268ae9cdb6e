using System.Net;
using System.Net.WebSockets;
using System.Text;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests;

/// <summary>
/// Issue 16, item 7: inputs a hostile client found that got 500s or left a session stored but unreadable.
/// What the gateway accepts it must be able to store, return (GET, events) and push (STATE_SYNC); what it
/// cannot, it refuses with 400 VALIDATION_ERROR naming the field, and stores nothing.
/// </summary>
public sealed class HostileInputRegressionTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = gateway.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{\"k\":\"\\ud800\"}", "metadata.k")]
    [InlineData("{\"k\":\"x\\udc00y\"}", "metadata.k")]
    [InlineData("{\"\\ud800\":1}", "metadata")]
    [InlineData("{\"a\":{\"\\ud800b\":true}}", "metadata.a")]
    [InlineData("{\"a\":{\"b\":[\"ok\",\"\\ud83d\"]}}", "metadata.a.b.1")]
    public async Task LoneSurrogateInMetadataIs400WithTheFieldAndStoresNothing(string metadata, string field)
    {
        var id = NewId();
        await AssertRefusedAsync(id, CreateWithMetadata(id, metadata), field);
    }

    [Theory]
    [InlineData(0xFF)]
    [InlineData(0xC3)]
    [InlineData(0xED)]
    public async Task InvalidUtf8InAMetadataStringIs400WithTheField(byte invalid)
    {
        var id = NewId();
        await AssertRefusedAsync(id, CreateWithMetadata(id, "{\"k\":\"a\u0001b\"}", invalid), "metadata.k");
    }

    [Fact]
    public async Task InvalidUtf8InAMetadataKeyIs400()
    {
        var id = NewId();
        await AssertRefusedAsync(id, CreateWithMetadata(id, "{\"\u0001\":1}", 0xFF), "metadata");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(31)]
    [InlineData(32)]
    public async Task MetadataUpToTheDepthLimitIsStoredReturnedAndPushed(int depth)
    {
        var id = NewId();
        using var response = await PostJsonAsync(CreateWithMetadata(id, Nested(depth)));
        var created = await DataAsync(response, 201);
        Assert.Equal(depth, Depth(created.GetProperty("metadata")));
        await AssertReadableAsync(id, depth);
    }

    [Theory]
    [InlineData(33)]
    [InlineData(62)]
    [InlineData(63)]
    public async Task MetadataDeeperThanTheLimitIs400(int depth)
    {
        var id = NewId();
        await AssertRefusedAsync(id, CreateWithMetadata(id, Nested(depth)), "metadata");
    }

    [Theory]
    [InlineData(64)]
    [InlineData(500)]
    public async Task MetadataDeeperThanTheBodyParserAllowsIs400(int depth)
    {
        var id = NewId();
        await AssertRefusedAsync(id, CreateWithMetadata(id, Nested(depth)), field: null);
    }

    [Fact]
    public async Task ValidSurrogatePairsAndEscapesInMetadataRoundTrip()
    {
        var id = NewId();
        using var response = await PostJsonAsync(CreateWithMetadata(id, "{\"k\":\"\\ud83d\\ude00 \\u0000 \\\"\",\"\\ud83d\\ude00\":[1e400,-0,null]}"));
        var created = await DataAsync(response, 201);
        Assert.Equal("\U0001F600 \0 \"", created.GetProperty("metadata").GetProperty("k").GetString());
        await AssertReadableAsync(id, depth: 2);
    }

    [Theory]
    [InlineData("fffffffffffffffffff\r\n{}\r\n0\r\n\r\n")]
    [InlineData("100000000\r\n{}\r\n0\r\n\r\n")]
    [InlineData("zz\r\n{}\r\n0\r\n\r\n")]
    [InlineData("2\r\n{}0\r\n\r\n")]
    public async Task MalformedChunkedBodiesAre400InTheErrorEnvelope(string chunked)
    {
        var id = NewId();
        await CreateAsync(_client, id);
        await PostAsync(_client, $"/v1/sessions/{id}/start");
        foreach (var path in new[] { "/v1/sessions", $"/v1/sessions/{id}/switch" })
        {
            var (status, text) = await RawHttp.SendAsync(gateway.BaseAddress, RawHttp.Chunked("POST", path, chunked), halfClose: false, Ct);
            Assert.True(status == 400, $"POST {path}: expected 400, got {status}: {text}");
            Assert.Contains("\"code\":\"VALIDATION_ERROR\"", text, StringComparison.Ordinal);
        }

        Assert.Equal(2, (await GetAsync(_client, $"/v1/sessions/{id}")).GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("{\"type\":\"\\ud800\"}")]
    [InlineData("{\"type\":\"PI\\udc00NG\"}")]
    [InlineData("{\"\\ud800\":1,\"type\":\"PING\"}")]
    [InlineData("{\"type\":\"PING\",\"client_time\":\"\\ud800\"}")]
    [InlineData("{\"type\":\"RECONNECT\",\"\\udfff\":[]}")]
    public async Task WebSocketMessagesWithInvalidTextDoNotCloseTheClient(string message)
    {
        var id = NewId();
        await CreateAsync(_client, id);
        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        await ws.WaitForAsync("STATE_SYNC");
        await ws.SendAsync(message);
        await ws.SendAsync("{\"type\":\"PING\",\"client_time\":42}");
        // Some of these are answered (a PONG without client_time), none closes the socket.
        await ws.WaitForAsync("PONG", where: m => m.TryGetProperty("client_time", out var t) && t.GetInt64() == 42);
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task WebSocketMessageWithInvalidUtf8InAStringDoesNotCloseTheClient()
    {
        var id = NewId();
        await CreateAsync(_client, id);
        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        await ws.WaitForAsync("STATE_SYNC");

        // Valid UTF-8 as far as the WebSocket layer can tell (an escaped lone surrogate is plain ASCII), then PING.
        await ws.SendBytesAsync(Encoding.UTF8.GetBytes("{\"type\":\"\\udbff\\udbff\"}"));
        await ws.SendAsync("{\"type\":\"PING\"}");
        await ws.WaitForAsync("PONG");
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    /// <summary>A create body for <paramref name="id"/> with <paramref name="metadata"/> spliced in as raw JSON text; with <paramref name="invalidByte"/>, every U+0001 in it becomes that (invalid UTF-8) byte.</summary>
    internal static byte[] CreateWithMetadata(string id, string metadata, byte? invalidByte = null)
    {
        var text = CreateBody(id).ToJsonString();
        var bytes = Encoding.UTF8.GetBytes(text[..^1] + ",\"metadata\":" + metadata + "}");
        if (invalidByte is { } b)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == 1)
                {
                    bytes[i] = b;
                }
            }
        }

        return bytes;
    }

    /// <summary>An object nested <paramref name="depth"/> levels deep, the metadata object itself counting as one.</summary>
    internal static string Nested(int depth)
    {
        var sb = new StringBuilder();
        for (var i = 1; i < depth; i++)
        {
            sb.Append(i % 2 == 0 ? "[" : "{\"a\":");
        }

        sb.Append("{\"leaf\":1}");
        for (var i = depth - 1; i >= 1; i--)
        {
            sb.Append(i % 2 == 0 ? "]" : "}");
        }

        return sb.ToString();
    }

    private static int Depth(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => 1 + element.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        System.Text.Json.JsonValueKind.Array => 1 + element.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private Task<HttpResponseMessage> PostJsonAsync(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return _client.PostAsync("/v1/sessions", content, Ct);
    }

    private async Task AssertRefusedAsync(string id, byte[] body, string? field)
    {
        using var response = await PostJsonAsync(body);
        var error = await ApiTests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        if (field is not null)
        {
            Assert.Contains(field, error.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("field").GetString()));
        }

        using var get = await _client.GetAsync($"/v1/sessions/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    /// <summary>GET, events, the commands and a watcher all work on the session: nothing the gateway stored is unreadable.</summary>
    private async Task AssertReadableAsync(string id, int depth)
    {
        Assert.Equal(depth, Depth((await GetAsync(_client, $"/v1/sessions/{id}")).GetProperty("metadata")));
        await GetAsync(_client, $"/v1/sessions/{id}/events");
        await using var ws = await WsClient.ConnectAsync(gateway.BaseAddress, id);
        var sync = await ws.WaitForAsync("STATE_SYNC");
        Assert.Equal(depth, Depth(sync.Json.GetProperty("state").GetProperty("metadata")));
        await PostAsync(_client, $"/v1/sessions/{id}/start");
        var update = await ws.WaitForAsync("STATE_UPDATE");
        Assert.Equal(depth, Depth(update.Json.GetProperty("state").GetProperty("metadata")));
        await PostAsync(_client, $"/v1/sessions/{id}/complete");
    }
}
